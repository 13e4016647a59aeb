// `npm run new:subgraph`, tested where it cannot touch the repository: the project's layout is
// mirrored in a temporary folder (the new channel's neighbours — the kit, the hub, the registry,
// the schema, test/support, node_modules — are symbolic links to the real ones), the channel is
// written there, type-checked with the project's compiler options, and registered as
// subgraphs/index.ts would list it, to compose with the rest of the graph.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { projectPath } from '../subgraphs/kit/databases';
import { nameProblem, nextSteps, RESERVED_NAMES, Scaffold, scaffoldSubgraph, ScaffoldRefused, TEMPLATE_ROOT } from './new-subgraph';

const NAME = 'kiosk_v2';
const templateRoot = projectPath(TEMPLATE_ROOT);

/** Where the scaffolded channel lives, read by the registry's mock below once it is written. */
const mockProject = { root: '' };

// The one registry line: the same list as subgraphs/index.ts, plus the scaffolded channel.
jest.mock('../subgraphs/index', () => {
  const actual = jest.requireActual('../subgraphs/index');
  const { kioskV2Subgraph } = jest.requireActual(`${mockProject.root}/subgraphs/kiosk_v2/server`);
  return { ...actual, subgraphDefinitions: () => [...actual.subgraphDefinitions(), kioskV2Subgraph] };
});

/** A temporary project: its own subgraphs/ and test/ folders, everything else linked to the real one. */
function temporaryProject(): string {
  const root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'new-subgraph-'));
  for (const folder of ['node_modules', 'schema']) fs.symlinkSync(projectPath(folder), path.join(root, folder), 'dir');
  fs.mkdirSync(path.join(root, 'subgraphs'));
  for (const entry of fs.readdirSync(projectPath('subgraphs'))) fs.symlinkSync(projectPath('subgraphs', entry), path.join(root, 'subgraphs', entry));
  fs.mkdirSync(path.join(root, 'test'));
  fs.symlinkSync(projectPath('test', 'support'), path.join(root, 'test', 'support'), 'dir');
  return root;
}

/** Every file and link under a folder, relative to it; links are listed, never followed. */
function filesUnder(folder: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(folder, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(folder, relative));
    else found.push(relative);
  }
  return found.sort();
}

let root: string;
let scaffold: Scaffold;

beforeAll(() => {
  root = temporaryProject();
  mockProject.root = root;
  scaffold = scaffoldSubgraph(NAME, { root, templateRoot });
});

afterAll(() => {
  // Links are removed, never followed: the real project is untouched.
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('it writes the channel in the standard shape and says the one registry line to add', () => {
  expect(scaffold.files).toEqual([
    'subgraphs/kiosk_v2/customer.resolver.ts',
    'subgraphs/kiosk_v2/identity.extract.ts',
    'subgraphs/kiosk_v2/kiosk_v2.loaders.ts',
    'subgraphs/kiosk_v2/kiosk_v2.policy.ts',
    'subgraphs/kiosk_v2/kiosk_v2.repo.ts',
    'subgraphs/kiosk_v2/kiosk_v2.resolver.ts',
    'subgraphs/kiosk_v2/kiosk_v2.type.ts',
    'subgraphs/kiosk_v2/legacy.sql',
    'subgraphs/kiosk_v2/privacy.erase.ts',
    'subgraphs/kiosk_v2/privacy.export.ts',
    'subgraphs/kiosk_v2/server.ts',
    'subgraphs/kiosk_v2/touchpoints.feed.ts',
    'test/kiosk_v2.e2e.test.ts',
  ]);
  expect(filesUnder(path.join(root, 'subgraphs', NAME)).sort()).toEqual(
    scaffold.files.filter((file) => file.startsWith('subgraphs/')).map((file) => path.basename(file)).sort(),
  );
  expect(scaffold.registration).toEqual({ importLine: "import { kioskV2Subgraph } from './kiosk_v2/server';", listEntry: 'kioskV2Subgraph,' });
  const printed = nextSteps(scaffold);
  expect(printed).toContain(scaffold.registration.importLine);
  expect(printed).toContain('KIOSK_V2_DATABASE_URL, KIOSK_V2_SUBGRAPH_URL');

  const legacy = fs.readFileSync(path.join(root, 'subgraphs', NAME, 'legacy.sql'), 'utf8');
  expect(legacy).toMatch(/^-- FILL IN: replace with the real legacy tables of kiosk_v2_legacy/);
  expect(legacy).toMatch(/CREATE TABLE kiosk_v2_account \(/);
  expect(legacy).toMatch(/CREATE TABLE kiosk_v2_event \(/);
  const resolver = fs.readFileSync(path.join(root, 'subgraphs', NAME, 'customer.resolver.ts'), 'utf8');
  expect(resolver).toContain(`@Directive('@requires(fields: "linkedRecords { records { system localKey } }")')`);
  expect(resolver).toContain('ownRecordKeys(customer.linkedRecords, SYSTEM)');
  // The real project gained nothing.
  expect(fs.existsSync(projectPath('subgraphs', NAME))).toBe(false);
  expect(fs.existsSync(projectPath('test', `${NAME}.e2e.test.ts`))).toBe(false);
});

test('the generated TypeScript type-checks with the project compiler options', () => {
  const config = ts.readConfigFile(projectPath('tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, projectPath());
  // Its rootDir is the real project: the temporary one lies outside it, and nothing is emitted.
  const { rootDir: _rootDir, outDir: _outDir, ...checked } = options;
  const generated = scaffold.files.filter((file) => file.endsWith('.ts')).map((file) => path.join(root, file));
  const program = ts.createProgram(generated, { ...checked, noEmit: true });
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...generated.flatMap((file) => {
      const source = program.getSourceFile(file)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  const said = diagnostics.map((diagnostic) => {
    const where = diagnostic.file ? `${path.relative(root, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
  expect(said).toEqual([]);
}, 120_000);

test('registered with one line, the graph composes with it, the registry derives it and the access matrix has no problem', async () => {
  const { registry } = await import('../subgraphs/channels');
  const { composeSupergraph } = await import('../schema/compose');
  const { collectDecisions, nullabilityProblems } = await import('../schema/access-matrix');
  const derived = registry();
  expect(derived.legacySystems).toContain(NAME);
  expect(derived.databases.urlVariables[NAME]).toBe('KIOSK_V2_DATABASE_URL');
  expect(derived.subgraphUrlVariables[NAME]).toBe('KIOSK_V2_SUBGRAPH_URL');
  expect(derived.databases.databaseNames[NAME]).toBe('kiosk_v2_legacy');
  expect(derived.databases.ddlFiles[NAME]).toBe(path.join(root, 'subgraphs', NAME, 'legacy.sql'));
  expect(derived.touchpointFeeds.map((feed) => feed.name)).toContain('kiosk_v2.events');
  expect(derived.recordTypes.find((record) => record.recordType === 'KioskV2Event')?.subgraph).toBe(NAME);

  const sdl = await composeSupergraph();
  expect(sdl).toMatch(/kioskV2Events\([\s\S]*?\n {2}\): KioskV2EventConnection @join__field\(graph: KIOSK_V2, requires: "linkedRecords \{ records \{ system localKey \} \}"\)/);
  expect(sdl).toMatch(/union TouchpointRecord[\s\S]*= [^\n]*KioskV2Event/);
  expect(sdl).toMatch(/enum LegacySystem[\s\S]*?KIOSK_V2[\s\S]*?\n}/);
  expect(sdl).toMatch(/enum Channel[\s\S]*?KIOSK_V2 @join__enumValue[\s\S]*?\n}/);
  expect(sdl).toMatch(/enum IdentifierKind[\s\S]*?KIOSK_V2_ACCOUNT[\s\S]*?\n}/);
  expect(nullabilityProblems(await collectDecisions()).filter((problem) => /kioskV2|KioskV2/.test(problem))).toEqual([]);
}, 120_000);

test('a second run refuses and writes nothing, whichever of its files exists', () => {
  const before = filesUnder(root);
  expect(() => scaffoldSubgraph(NAME, { root, templateRoot })).toThrow(new ScaffoldRefused('subgraphs/kiosk_v2/ already exists: a subgraph of that name is there'));

  // Only the test is left (the folder was moved away): still refused, still nothing written.
  const other = temporaryProject();
  try {
    fs.writeFileSync(path.join(other, 'test', 'kiosk.e2e.test.ts'), '// mine\n');
    expect(() => scaffoldSubgraph('kiosk', { root: other, templateRoot })).toThrow('test/kiosk.e2e.test.ts already exists');
    expect(fs.existsSync(path.join(other, 'subgraphs', 'kiosk'))).toBe(false);
    expect(fs.readFileSync(path.join(other, 'test', 'kiosk.e2e.test.ts'), 'utf8')).toBe('// mine\n');
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
  expect(filesUnder(root)).toEqual(before);
});

test.each([
  ['', /must be 2 to 31 characters long/],
  ['k', /"k" must be 2 to 31 characters long/],
  ['k'.repeat(32), /must be 2 to 31 characters long/],
  ['Kiosk', /"Kiosk" must be lower case letters, digits and single _ between words, starting with a letter/],
  ['1kiosk', /must be lower case letters, digits and single _/],
  ['kiosk-app', /must be lower case letters, digits and single _/],
  ['kiosk__app', /must be lower case letters, digits and single _/],
  ['kiosk_', /must be lower case letters, digits and single _/],
  ['customer', /"customer" is reserved/],
  ['ground_truth', /"ground_truth" is reserved/],
  ['kit', /"kit" is reserved/],
  ['store', /subgraphs\/store\/ already exists: a subgraph of that name is there/],
  ['marketing', /subgraphs\/marketing\/ already exists/],
  // Not a folder, but what it would publish is taken: the web shop's WEB channel.
  ['web', /the supergraph's Channel already has a value WEB: choose another name/],
])('the name %p is refused with a clear message, nothing written', (name, message) => {
  expect(nameProblem(name, projectPath())).toMatch(message);
  const before = filesUnder(root);
  expect(() => scaffoldSubgraph(name, { root, templateRoot })).toThrow(ScaffoldRefused);
  expect(filesUnder(root)).toEqual(before);
});

test('the reserved names are all names the rule would otherwise accept', () => {
  for (const name of RESERVED_NAMES) expect(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)).toBe(true);
  expect(nameProblem('kiosk', projectPath())).toBeNull();
});
