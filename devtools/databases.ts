// The databases of a development machine: the registry's (every legacy system and the hub) plus the
// development tools' own ground truth (devtools/data/ground-truth.ts). The generator, scoring,
// `npm start`'s first data set, `db:setup --legacy` and the tests work on this set.
import { provideDatabases, ProvidedDatabases, ProvideOptions } from '../subgraphs/kit/provide-databases';
import { DatabaseRole, prepareDatabases, urlsOnServer, withDatabase } from '../subgraphs/kit/databases';
import { registry } from '../subgraphs/channels';
import { prepareGroundTruth, TRUTH_DATABASE, TRUTH_URL_VARIABLE, truthUrlOnServer } from './data/ground-truth';

/** The kit's URLs and the ground truth's (`truth`: '' when there is none). */
export type DevelopmentUrls = Record<DatabaseRole, string> & { customer: string; truth: string };

export interface DevelopmentDatabases extends ProvidedDatabases {
  urls: DevelopmentUrls;
}

/** Names of every database of a development machine (test copies add a suffix). */
export function developmentDatabaseNames(): string[] {
  const { databases } = registry();
  return [...databases.roles.map((role) => databases.databaseNames[role]), TRUTH_DATABASE];
}

export function developmentUrlsOnServer(adminUrl: string, suffix = ''): DevelopmentUrls {
  return { ...urlsOnServer(registry().databases, adminUrl, suffix), truth: truthUrlOnServer(adminUrl, suffix) } as DevelopmentUrls;
}

/** Tests and the generator's tests: the kit's databases prepared (kit/databases.ts), and the ground truth. */
export async function prepareDevelopmentDatabases(urls: DevelopmentUrls): Promise<void> {
  await prepareDatabases(registry().databases, urls);
  await prepareGroundTruth(urls.truth, { create: true });
}

export interface DevelopmentProvideOptions extends ProvideOptions {
  /**
   * The ground truth is needed (generation, scoring): its schema brought up to date, created when
   * `create` (always on embedded PostgreSQL); without its URL, an error saying `why` it is needed.
   */
  truth?: { create: boolean; why: string };
}

/**
 * provideDatabases (the *_DATABASE_URL variables, or embedded PostgreSQL) and the ground truth:
 * GROUND_TRUTH_DATABASE_URL, or `ground_truth` on the embedded server.
 */
export async function provideDevelopmentDatabases(
  env: NodeJS.ProcessEnv = process.env,
  options: DevelopmentProvideOptions = {},
): Promise<DevelopmentDatabases> {
  const provided = await provideDatabases(registry().databases, env, options);
  try {
    const truth = env[TRUTH_URL_VARIABLE] || (provided.adminUrl ? truthUrlOnServer(provided.adminUrl) : '');
    if (options.truth) {
      if (!truth) throw new Error(`${TRUTH_URL_VARIABLE} must be set: ${options.truth.why}`);
      await prepareGroundTruth(truth, { create: options.truth.create || provided.embedded });
    }
    return { ...provided, urls: { ...provided.urls, truth } as DevelopmentUrls };
  } catch (error) {
    await provided.stop();
    throw error;
  }
}

/** True when the store's legacy database holds no loyalty card yet: no data set was generated (nor written) there. */
export async function legacyIsEmpty(storeUrl: string): Promise<boolean> {
  return withDatabase('store', storeUrl, async (db) => {
    const [{ cards }] = await db.query<{ cards: number }>('SELECT count(*)::int AS cards FROM "CARTE_FIDELITE"');
    return cards === 0;
  });
}
