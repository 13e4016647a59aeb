// `npm run new:subgraph -- <name>`: see new-subgraph.ts. Exit 0 written; 2 refused or bad
// arguments (one line saying why, nothing written); 1 failed.
import { projectPath } from '../subgraphs/kit/databases';
import { nextSteps, scaffoldSubgraph, ScaffoldRefused } from './new-subgraph';

const USAGE = `Usage: npm run new:subgraph -- <name>
  <name>  the new channel's legacy system: lower case letters, digits and _, 2 to 31 characters (e.g. kiosk)
Writes subgraphs/<name>/ and test/<name>.e2e.test.ts in the standard shape, and prints the line to add to
subgraphs/index.ts. Never overwrites anything. See docs/adding-a-subgraph.md.`;

function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1 || args[0].startsWith('-')) {
    console.error(`new:subgraph: ${args.length === 0 ? 'a name is needed' : `expected one name, got ${args.join(' ')}`} (try --help)`);
    return 2;
  }
  try {
    console.log(nextSteps(scaffoldSubgraph(args[0], { root: projectPath() })));
    return 0;
  } catch (error) {
    console.error(`new:subgraph${error instanceof ScaffoldRefused ? '' : ' failed'}: ${(error as Error).message}`);
    return error instanceof ScaffoldRefused ? 2 : 1;
  }
}

process.exitCode = main(process.argv.slice(2));
