// `npm run db:check [-- --system S] [--no-measure]`: see db-check.ts.
import { runCommand } from '../subgraphs/kit/command';
import { dbCheckCommand, USAGE } from './db-check';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
} else {
  runCommand(dbCheckCommand(), args);
}
