// The review queue of the probabilistic tier (probabilistic.ts, migration 016 identity_review): an
// agent reads the pairs a run held back, with the weight of each field, and decides them. A pair
// found to be one person merges the two customers by hand, through the same statements as
// `mergeCustomers` (decisions.repo.ts: audited `merge`, links by hand that no run moves); two people
// are kept apart (`keep_apart`: no run, deterministic or probabilistic, puts them together again).
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Principal } from '../../kit/access/principal';
import { CURSOR_PART, decodeCursor, encodeCursor, pageInfoOf } from '../../kit/cursor';
import { Queryable } from '../../kit/database';
import { BadUserInputError, NotFoundError } from '../../kit/errors';
import { pageSize } from '../../kit/pagination';
import { SubgraphContext } from '../../kit/subgraph';
import { CustomerLoaders, toCustomer } from '../customer.loaders';
import { customersByIds } from '../customers.repo';
import {
  closeLinks,
  insertDecision,
  insertManualLinks,
  lockActiveLinks,
  lockCustomers,
  lockLinksOfCustomer,
  RecordKey,
  setMergedInto,
} from '../decisions.repo';
import { systemEnum } from '../identifier';
import { DecideIdentityReviewResult, MatchFieldWeight, MatchField, MatchLevel, IdentityReviewConnection, IdentityReviewEdge, IdentityReviewItem, IdentityReviewRecord, IdentityReviewStatus } from './review.type';

type Context = SubgraphContext<CustomerLoaders>;

interface ReviewRow {
  id: string;
  system: string;
  local_key: string;
  other_system: string;
  other_local_key: string;
  weight: number;
  prior_weight: number;
  fields: Record<string, { level: string; weight: number }>;
  held_because: string;
  status: string;
  created_at: Date;
  decided_by: string | null;
  customer_id: string | null;
  other_customer_id: string | null;
}

const REVIEW_COLUMNS = `
  r.id::text AS id, r.system, r.local_key, r.other_system, r.other_local_key, r.weight, r.prior_weight, r.fields,
  r.held_because, r.status, r.created_at, r.decided_by,
  la.customer_id::text AS customer_id, lb.customer_id::text AS other_customer_id
  FROM identity_review r
  LEFT JOIN identity_link la ON la.system = r.system AND la.local_key = r.local_key AND la.unlinked_at IS NULL
  LEFT JOIN identity_link lb ON lb.system = r.other_system AND lb.local_key = r.other_local_key AND lb.unlinked_at IS NULL`;

const FIELD_ORDER = [MatchField.NAME, MatchField.BIRTH_DATE, MatchField.POSTCODE];

async function toItems(db: Queryable, rows: readonly ReviewRow[]): Promise<IdentityReviewItem[]> {
  const ids = [...new Set(rows.flatMap((row) => [row.customer_id, row.other_customer_id]).filter((id): id is string => id !== null))];
  const customers = new Map((await customersByIds(db, ids)).map((row) => [row.id, toCustomer(row)]));
  const record = (system: string, localKey: string, customer: string | null): IdentityReviewRecord =>
    Object.assign(new IdentityReviewRecord(), { system: systemEnum(system), localKey, customer: (customer && customers.get(customer)) ?? null });
  return rows.map((row) =>
    Object.assign(new IdentityReviewItem(), {
      id: row.id,
      records: [record(row.system, row.local_key, row.customer_id), record(row.other_system, row.other_local_key, row.other_customer_id)],
      weight: row.weight,
      probability: 1 / (1 + 2 ** -row.weight),
      priorWeight: row.prior_weight,
      fields: FIELD_ORDER.filter((field) => row.fields[field]).map((field) =>
        Object.assign(new MatchFieldWeight(), { field, level: row.fields[field].level as MatchLevel, weight: Number(row.fields[field].weight) }),
      ),
      heldBecause: row.held_because,
      status: row.status as IdentityReviewStatus,
      createdAt: row.created_at,
      decidedBy: row.decided_by,
    }),
  );
}

function deciderOf(principal: Principal): string {
  return `${principal.role}:${principal.subject}`;
}

const FIRST = { nullable: true, description: 'Page size: at most 100, 20 when not given.' };
const AFTER = { nullable: true, description: 'The `endCursor` of the previous page.' };

@Resolver()
export class ReviewResolver {
  @Query(() => IdentityReviewConnection, {
    nullable: true,
    description:
      'Pairs of records that may be one person, held back by the probabilistic tier for an agent, oldest first: each with ' +
      'its match weight, the level and weight of every field and the customers the records are linked to now. Only ' +
      'pending items. Agents and privacy officers only.',
  })
  async reviewQueue(
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, AFTER) after: string | null,
    @Ctx() { db }: Context,
  ): Promise<IdentityReviewConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, [CURSOR_PART.id]);
    const rows =
      size === 0
        ? []
        : await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} WHERE r.status = 'pending' AND r.id > $1 ORDER BY r.id LIMIT $2`, [
            cursor?.[0] ?? '0',
            size + 1,
          ]);
    const items = await toItems(db, rows.slice(0, size));
    const edges = items.map((node) => Object.assign(new IdentityReviewEdge(), { node, cursor: encodeCursor([node.id]) }));
    return Object.assign(new IdentityReviewConnection(), {
      edges,
      nodes: items,
      pageInfo: pageInfoOf(rows.length > size, edges.at(-1)?.cursor ?? null),
    });
  }

  @Mutation(() => DecideIdentityReviewResult, {
    nullable: true,
    description:
      'Decides a pending review item. `samePerson: true` merges the customer of the second record into the customer of the ' +
      'first, by hand (as `mergeCustomers`: an audited `merge`, links no rules run moves); `false` keeps the two records ' +
      'apart (an audited `keep_apart`: no run links them again). A decided or withdrawn item, or a record whose owner ' +
      'refuses recognition, is BAD_USER_INPUT; an unknown item NOT_FOUND. Agents and privacy officers only; `reason` required.',
  })
  async decideReview(
    @Arg('id', () => ID, { description: 'The review item.' }) id: string,
    @Arg('samePerson', () => Boolean, { description: 'Whether the two records are one person.' }) samePerson: boolean,
    @Arg('reason', () => String, { description: 'Why: required, stored with the decision and on the links it makes.' }) reason: string,
    @Ctx() { db, principal }: Context,
  ): Promise<DecideIdentityReviewResult> {
    const why = reason.trim();
    if (!why) throw new BadUserInputError('reason must not be empty', 'reason');
    if (!/^\d{1,18}$/.test(id)) throw new NotFoundError(`No review item '${id}'`);
    const who = deciderOf(principal);
    return db.withTransaction(async (tx) => {
      const [item] = await tx.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
      if (!item) throw new NotFoundError(`No review item '${id}'`);
      if (item.status !== IdentityReviewStatus.PENDING) throw new BadUserInputError(`Review item '${id}' is ${item.status}, not pending`, 'id');
      const a: RecordKey = { system: item.system, localKey: item.local_key };
      const b: RecordKey = { system: item.other_system, localKey: item.other_local_key };
      let decisionId: string;
      let customerId: string | null = null;
      if (samePerson) {
        const links = await lockActiveLinks(tx, [a, b]);
        const target = links.find((l) => l.system === a.system && l.local_key === a.localKey)?.customer_id;
        const source = links.find((l) => l.system === b.system && l.local_key === b.localKey)?.customer_id;
        if (!target || !source) throw new BadUserInputError(`A record of review item '${id}' is linked to no customer`, 'id');
        const refusing = await tx.query(
          `SELECT 1 FROM recognition_refusal WHERE withdrawn_at IS NULL AND (system, local_key) IN (($1, $2), ($3, $4))
           UNION ALL SELECT 1 FROM customer WHERE id = ANY($5::uuid[]) AND refuses_recognition`,
          [a.system, a.localKey, b.system, b.localKey, [target, source]],
        );
        if (refusing.length > 0) throw new BadUserInputError('A record of this pair belongs to a customer who refuses recognition', 'id');
        decisionId = await insertDecision(tx, {
          kind: 'merge',
          record: a,
          otherRecord: b,
          customerId: source,
          otherCustomerId: target,
          decidedBy: who,
          reason: `${why} (review ${id})`,
        });
        if (source !== target) {
          await lockCustomers(tx, [source, target]);
          const moving = await lockLinksOfCustomer(tx, source);
          await closeLinks(tx, moving.map((l) => l.id), `${who}: merged into ${target} on review ${id} (decision ${decisionId}): ${why}`);
          const records = moving.map((l) => ({ system: l.system, localKey: l.local_key }));
          await insertManualLinks(tx, target, records, who, why, { decision: Number(decisionId), kind: 'merge', from: source, review: Number(id) });
          await setMergedInto(tx, source, target);
        }
        customerId = target;
      } else {
        decisionId = await insertDecision(tx, { kind: 'keep_apart', record: a, otherRecord: b, decidedBy: who, reason: `${why} (review ${id})` });
      }
      await tx.query(
        'UPDATE identity_review SET status = $2, decided_by = $3, decided_at = now(), reason = $4, decision_id = $5, updated_at = now() WHERE id = $1',
        [id, samePerson ? IdentityReviewStatus.LINKED : IdentityReviewStatus.KEPT_APART, who, why, decisionId],
      );
      const [decided] = await tx.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} WHERE r.id = $1`, [id]);
      const [itemOut] = await toItems(tx, [decided]);
      const customer = customerId ? ((await customersByIds(tx, [customerId])).map(toCustomer)[0] ?? null) : null;
      return Object.assign(new DecideIdentityReviewResult(), { decisionId, item: itemOut, customer });
    });
  }
}
