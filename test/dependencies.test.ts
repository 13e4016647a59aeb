// Production code does not import test code or development tools, and subgraphs do not import the
// gateway. Every TypeScript file of gateway/, subgraphs/ and schema/ is read with TypeScript's own
// pre-processor (static imports, `export … from`, `import()` and `require()`), each relative import
// resolved to the project folder it lands in. Test files living beside the code (`*.test.ts`) are
// tests, not production code: they are left out. schema/ may import subgraphs/ (composition does).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { projectPath } from '../subgraphs/kit/databases';

const ROOT = projectPath();

/** Which top-level folders a production folder must never import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  gateway: ['test', 'devtools'],
  subgraphs: ['test', 'devtools', 'gateway'],
  schema: ['test', 'devtools', 'gateway'],
};

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** The project folder (first path segment) each relative import of `source` lands in. */
function importedFolders(file: string, source: string): { specifier: string; folder: string }[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const target = path.relative(ROOT, path.resolve(path.dirname(file), specifier));
      return { specifier, folder: target.split(path.sep)[0] };
    });
}

function violations(folder: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, folder))) {
    for (const { specifier, folder: target } of importedFolders(file, fs.readFileSync(file, 'utf8'))) {
      if (FORBIDDEN[folder].includes(target)) found.push(`${path.relative(ROOT, file)} imports ${specifier} (${target}/)`);
    }
  }
  return found;
}

describe('the checker', () => {
  it('sees static, re-exported, dynamic and required imports, resolved from the importing file', () => {
    const file = path.join(ROOT, 'subgraphs', 'customer', 'x.ts');
    const source = [
      "import { a } from '../../test/support/x';",
      "import type { B } from '../../devtools/databases';",
      "export { c } from '../kit/c';",
      "const d = require('../../gateway/shutdown');",
      "void import('../../gateway/graph');",
      "import 'reflect-metadata';",
    ].join('\n');
    expect(importedFolders(file, source).map((entry) => entry.folder)).toEqual(['test', 'devtools', 'subgraphs', 'gateway', 'gateway']);
  });
});

describe.each(Object.keys(FORBIDDEN))('%s/', (folder) => {
  it(`imports nothing from ${FORBIDDEN[folder].join(', ')}`, () => {
    expect(sourceFiles(path.join(ROOT, folder)).length).toBeGreaterThan(0);
    expect(violations(folder)).toEqual([]);
  });
});
