// Counting the SQL statements a piece of work sends (kit/database.ts watchStatements): the tests'
// "the same number of statements for 50 customers as for 5".
import { watchStatements } from '../../subgraphs/kit/database';

/** The statements sent while `run` runs that `counts` keeps (by database role and text). */
export async function statementsDuring(run: () => Promise<unknown>, counts: (database: string, text: string) => boolean): Promise<number> {
  let statements = 0;
  const stop = watchStatements((database, text) => {
    if (counts(database, text)) statements += 1;
  });
  try {
    await run();
  } finally {
    stop();
  }
  return statements;
}
