// The ground truth database (`ground_truth`): the data generator's answer key — who each generated
// person is and which legacy records are theirs. A development tool's own database: the graph never
// reads it (the kit does not know it); the generator writes it, scoring and tests read it.
import { withDatabaseName } from '../../subgraphs/kit/database';
import { createDatabaseIfMissing, databaseNameOf, projectPath, withDatabase } from '../../subgraphs/kit/databases';
import { migrate } from '../../subgraphs/kit/migrate';

export const TRUTH_DATABASE = 'ground_truth';
/** Points the development tools at an existing ground truth database (external PostgreSQL). */
export const TRUTH_URL_VARIABLE = 'GROUND_TRUTH_DATABASE_URL';

/** The ground truth on the server of `adminUrl`, with an optional name suffix (test copies). */
export function truthUrlOnServer(adminUrl: string, suffix = ''): string {
  return withDatabaseName(adminUrl, TRUTH_DATABASE + suffix);
}

/**
 * Brings the ground truth's schema up to date (`devtools/data/truth-migrations`); with `create`,
 * creates the database first when the server has none. A missing one is said with what to run.
 */
export async function prepareGroundTruth(url: string, options: { create: boolean }): Promise<void> {
  if (options.create) await createDatabaseIfMissing(url);
  try {
    await withDatabase('truth', url, (db) => migrate(db, projectPath('devtools', 'data', 'truth-migrations')));
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') {
      throw new Error(`the ground truth database ${databaseNameOf(url)} does not exist: "npm run db:setup -- --legacy" creates it`);
    }
    throw error;
  }
}
