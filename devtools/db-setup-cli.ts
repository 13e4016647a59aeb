// `npm run db:setup [-- --legacy] [--generate N] [--seed S]`: see db-setup.ts.
import { runCommand } from '../subgraphs/kit/command';
import { dbSetupCommand, USAGE } from './db-setup';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
} else {
  runCommand(dbSetupCommand(), args);
}
