// What every bench does first on the data set it is given: link identities (and, when asked, fill
// the journal) if the hub has no links yet, then say how large the data set is.
import type { Queryable } from '../../subgraphs/kit/database';
import type { DatabaseRole } from '../../subgraphs/kit/databases';
import { resolveIdentities } from '../../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../../subgraphs/customer/journal/ingest';

export interface DataSetSize {
  customers: number;
  links: number;
  touchpoints: number;
}

export async function readyDataSet(hub: Queryable, urls: Record<DatabaseRole, string>, options: { journal: boolean }): Promise<DataSetSize> {
  const [{ links }] = await hub.query<{ links: number }>('SELECT count(*)::int AS links FROM identity_link WHERE unlinked_at IS NULL');
  if (links === 0) {
    console.log(`hub has no links: resolving identities${options.journal ? ' and filling the journal' : ''} …`);
    await resolveIdentities(urls);
    if (options.journal) await ingestTouchpoints(urls);
  }
  const [size] = await hub.query<DataSetSize>(
    `SELECT (SELECT count(*) FROM customer WHERE merged_into IS NULL)::int AS customers,
            (SELECT count(*) FROM identity_link WHERE unlinked_at IS NULL)::int AS links,
            (SELECT count(*) FROM touchpoint)::int AS touchpoints`,
  );
  return size;
}
