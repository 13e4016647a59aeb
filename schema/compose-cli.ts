// npm run compose           → writes schema/supergraph.graphql
// npm run check:supergraph  → exits 1 when the committed file is not what the subgraphs compose to
import fs from 'node:fs';
import { composeSupergraph, CompositionError, readCommittedSupergraph, SUPERGRAPH_FILE } from './compose';

async function main(): Promise<number> {
  const mode = process.argv[2];
  if (mode !== '--write' && mode !== '--check') {
    console.error('usage: compose-cli --write | --check');
    return 2;
  }
  const composed = await composeSupergraph();
  if (mode === '--write') {
    fs.writeFileSync(SUPERGRAPH_FILE, composed);
    console.log(`wrote ${SUPERGRAPH_FILE}`);
    return 0;
  }
  if (readCommittedSupergraph() !== composed) {
    console.error(`${SUPERGRAPH_FILE} is stale: the subgraphs compose to something else. Run "npm run compose" and commit it.`);
    return 1;
  }
  console.log('supergraph is up to date');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof CompositionError ? error.message : error);
    process.exit(1);
  },
);
