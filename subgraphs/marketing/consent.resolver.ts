import { Arg, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageSize } from '../kit/pagination';
import { int8Key } from '../kit/keys';
import { SubgraphContext } from '../kit/subgraph';
import { MarketingConsentConnection, MarketingConsentRecord, MarketingConsents } from './consent.type';
import { CONSENT_ID } from './consents.repo';
import { decodeCursor, encodeCursor } from './cursor';
import { MarketingLoaders, toConsentRecord } from './marketing.loaders';
import { connectionOf } from '../kit/connection';

/** Consent decisions are referenced by the shared history (`MarketingConsentRecord` by id); unknown ids are null. */
export async function resolveConsentRecordReference(
  reference: { id: string },
  { loaders }: SubgraphContext<MarketingLoaders>,
): Promise<MarketingConsentRecord | null> {
  const id = int8Key(String(reference.id)); // mk_consent.id is a bigserial
  const row = id === null ? null : await loaders.consent.load(id);
  return row ? toConsentRecord(row) : null;
}

@Resolver(() => MarketingConsents)
export class MarketingConsentsResolver {
  // The history is already read (with the current state, in the same statement): paging it here
  // costs no query. A contact's consent history is a handful of decisions, not a log.
  @FieldResolver(() => MarketingConsentConnection, { description: 'Every consent decision of every marketing contact of the customer, newest first.' })
  history(
    @Root() consents: MarketingConsents,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from a previous page: the older decisions.' }) after: string | null,
  ): MarketingConsentConnection {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, CONSENT_ID);
    const older = cursor
      ? consents.records.filter((record) => record.sortAt < cursor.at || (record.sortAt === cursor.at && BigInt(record.id) < BigInt(cursor.id)))
      : consents.records;
    return Object.assign(
      new MarketingConsentConnection(),
      connectionOf(older, limit, (node) => node, (node) => encodeCursor({ at: node.sortAt, id: node.id })),
    );
  }
}
