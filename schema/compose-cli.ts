// npm run compose           → writes schema/supergraph.graphql and schema/access-matrix.md
// npm run check:supergraph  → exits 1 when a committed file is not what the subgraphs generate
import fs from 'node:fs';
import { ACCESS_MATRIX_FILE, collectDecisions, nullabilityProblems, readCommittedAccessMatrix, renderAccessMatrix } from './access-matrix';
import { composeSupergraph, CompositionError, readCommittedSupergraph, SUPERGRAPH_FILE } from './compose';

async function main(): Promise<number> {
  const mode = process.argv[2];
  if (mode !== '--write' && mode !== '--check') {
    console.error('usage: compose-cli --write | --check');
    return 2;
  }
  const composed = await composeSupergraph();
  const matrix = await renderAccessMatrix();
  const problems = nullabilityProblems(await collectDecisions());
  for (const problem of problems) console.error(`access: ${problem}`);
  if (mode === '--write') {
    fs.writeFileSync(SUPERGRAPH_FILE, composed);
    fs.writeFileSync(ACCESS_MATRIX_FILE, matrix);
    console.log(`wrote ${SUPERGRAPH_FILE} and ${ACCESS_MATRIX_FILE}`);
    return problems.length ? 1 : 0;
  }
  let stale = false;
  if (readCommittedSupergraph() !== composed) {
    console.error(`${SUPERGRAPH_FILE} is stale: the subgraphs compose to something else. Run "npm run compose" and commit it.`);
    stale = true;
  }
  if (readCommittedAccessMatrix() !== matrix) {
    console.error(`${ACCESS_MATRIX_FILE} is stale: the policies say something else. Run "npm run compose" and commit it.`);
    stale = true;
  }
  if (stale || problems.length) return 1;
  console.log('supergraph and access matrix are up to date');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof CompositionError ? error.message : error);
    process.exit(1);
  },
);
