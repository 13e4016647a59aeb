// Decisions an agent takes on identities: link, unlink, merge, split. Each runs in one transaction,
// is audited in identity_decision (who, why), deletes nothing (an undone link gets unlinked_at and
// stays in the history of links), and is obeyed by every later rules run (link.sql.ts): links with
// decided_by <> 'rules' are never moved, an `unlink` is never re-linked, `keep_apart` never joined.
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { LegacySystem } from '../../schema/common';
import { systemOfValue } from '../channels';
import { Principal } from '../kit/access/principal';
import { Queryable } from '../kit/database';
import { BadUserInputError, NotFoundError } from '../kit/errors';
import { SubgraphContext } from '../kit/subgraph';
import { CustomerLoaders, toCustomer } from './customer.loaders';
import { Customer } from './customer.type';
import { customersByIds, isCustomerId } from './customers.repo';
import {
  closeLinks,
  insertCustomer,
  insertDecision,
  insertKeepApart,
  insertManualLinks,
  lockActiveLinks,
  lockCustomers,
  lockLinksOfCustomer,
  markMergedIfEmpty,
  RecordKey,
  recordIsKnown,
  revokeUnlinks,
  setMergedInto,
  SystemName,
} from './decisions.repo';
import { LinkIdentityResult, MergeCustomersResult, RecordRef, SplitCustomerResult, UnlinkIdentityResult } from './identity-decision.type';

type Context = SubgraphContext<CustomerLoaders>;


const AGENT_NOTE =
  ' Agents and privacy officers only (FORBIDDEN otherwise). Who decides is the verified caller (`<role>:<subject>`, stored ' +
  'as decided_by), never an argument. `reason` is required (BAD_USER_INPUT when empty) and audited.';
const REASON_ARG = { description: 'Why: required, stored with the decision and on the links it makes or closes.' };

function text(value: string, field: string, what: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new BadUserInputError(`${what} must not be empty`, field);
  return trimmed;
}

/**
 * Who decides, as the audit trail records it: the verified principal, role and subject
 * (`agent:marie.d`). Never `rules`, which names the automatic rules: the role prefix sees to it.
 */
function deciderOf(principal: Principal): string {
  return `${principal.role}:${principal.subject}`;
}

function recordOf(system: LegacySystem, localKey: string, field = 'localKey'): RecordKey {
  return { system: systemOfValue(system), localKey: text(localKey, field, 'localKey') };
}

const show = (record: RecordKey): string => `${record.system} record '${record.localKey}'`;

/** The customer, locked, refusing a malformed, unknown or merged id. */
async function activeCustomer(tx: Queryable, id: string, field: string): Promise<string> {
  if (!isCustomerId(id)) throw new BadUserInputError(`${field} '${id}' is not a customer id (a UUID)`, field);
  const [row] = await lockCustomers(tx, [id]);
  if (!row) throw new NotFoundError(`No customer with id '${id}'`);
  if (row.merged_into) throw new BadUserInputError(`Customer '${id}' was merged into '${row.merged_into}': use that customer`, field);
  return row.id;
}

async function customers(tx: Queryable, ids: string[]): Promise<Customer[]> {
  const rows = await customersByIds(tx, ids);
  return ids.map((id) => toCustomer(rows.find((row) => row.id === id)!));
}

@Resolver()
export class IdentityDecisionResolver {
  @Mutation(() => LinkIdentityResult, {
    nullable: true,
    description:
      'Links a legacy record to a customer by hand, moving it from the customer it was linked to (that link is closed, ' +
      'kept in the history). No rules run ever moves it again. Audited as a `link` decision; withdraws an earlier ' +
      '`unlink` of this record from this customer. Unknown customer or record: NOT_FOUND.' +
      AGENT_NOTE,
  })
  async linkIdentity(
    @Arg('customerId', () => ID, { description: 'The customer to link the record to.' }) customerId: string,
    @Arg('system', () => LegacySystem, { description: 'The system the record lives in.' }) system: LegacySystem,
    @Arg('localKey', () => String, { description: 'The record key in that system.' }) localKey: string,
    @Arg('reason', () => String, REASON_ARG) reason: string,
    @Ctx() { db, principal }: Context,
  ): Promise<LinkIdentityResult> {
    const why = text(reason, 'reason', 'reason');
    const who = deciderOf(principal);
    const record = recordOf(system, localKey);
    return db.withTransaction(async (tx) => {
      const target = await activeCustomer(tx, customerId, 'customerId');
      const [current] = await lockActiveLinks(tx, [record]);
      if (!current && !(await recordIsKnown(tx, record))) throw new NotFoundError(`No ${show(record)} is known to the hub`);
      if (current && current.customer_id === target && current.decided_by !== 'rules') {
        throw new BadUserInputError(`The ${show(record)} is already linked by hand to customer '${target}'`, 'customerId');
      }
      const decisionId = await insertDecision(tx, {
        kind: 'link',
        record,
        customerId: target,
        otherCustomerId: current?.customer_id,
        decidedBy: who,
        reason: why,
      });
      if (current) {
        await closeLinks(tx, [current.id], `${who}: linked by hand to ${target} (decision ${decisionId}): ${why}`);
      }
      await insertManualLinks(tx, target, [record], who, why, { decision: Number(decisionId), kind: 'link', from: current?.customer_id ?? null });
      await revokeUnlinks(tx, record, target);
      if (current && current.customer_id !== target) await markMergedIfEmpty(tx, current.customer_id, target);
      const ids = current && current.customer_id !== target ? [target, current.customer_id] : [target];
      const [customer, previous] = await customers(tx, ids);
      return Object.assign(new LinkIdentityResult(), { decisionId, customer, previousCustomer: current ? (previous ?? customer) : null });
    });
  }

  @Mutation(() => UnlinkIdentityResult, {
    nullable: true,
    description:
      'Takes a legacy record away from a customer: its link is closed (kept in the history) and the record becomes a new ' +
      'customer of its own, linked by hand, so that it still belongs to somebody. Audited as an `unlink` decision: no rules ' +
      'run links it to that customer again. A record not linked to that customer is NOT_FOUND; the only record of a ' +
      'customer cannot be unlinked (BAD_USER_INPUT).' +
      AGENT_NOTE,
  })
  async unlinkIdentity(
    @Arg('customerId', () => ID, { description: 'The customer the record is taken from.' }) customerId: string,
    @Arg('system', () => LegacySystem, { description: 'The system the record lives in.' }) system: LegacySystem,
    @Arg('localKey', () => String, { description: 'The record key in that system.' }) localKey: string,
    @Arg('reason', () => String, REASON_ARG) reason: string,
    @Ctx() { db, principal }: Context,
  ): Promise<UnlinkIdentityResult> {
    const why = text(reason, 'reason', 'reason');
    const who = deciderOf(principal);
    const record = recordOf(system, localKey);
    return db.withTransaction(async (tx) => {
      const from = await activeCustomer(tx, customerId, 'customerId');
      const links = await lockLinksOfCustomer(tx, from);
      const link = links.find((l) => l.system === record.system && l.local_key === record.localKey);
      if (!link) throw new NotFoundError(`The ${show(record)} is not linked to customer '${from}'`);
      if (links.length === 1) {
        throw new BadUserInputError(`The ${show(record)} is the only record of customer '${from}': there is nothing to unlink it from`, 'localKey');
      }
      const decisionId = await insertDecision(tx, { kind: 'unlink', record, customerId: from, decidedBy: who, reason: why });
      const fresh = await insertCustomer(tx);
      await closeLinks(tx, [link.id], `${who}: unlinked by hand (decision ${decisionId}): ${why}`);
      await insertManualLinks(tx, fresh, [record], who, why, { decision: Number(decisionId), kind: 'unlink', from });
      const [customer, newCustomer] = await customers(tx, [from, fresh]);
      return Object.assign(new UnlinkIdentityResult(), { decisionId, customer, newCustomer });
    });
  }

  @Mutation(() => MergeCustomersResult, {
    nullable: true,
    description:
      'Merges two customers found to be one person: every record of the source moves to the target, linked by hand ' +
      '(the old links are closed, kept in the history), and the source keeps its id, marked as merged into the target (its old id still leads to the person). Audited ' +
      'as a `merge` decision; no rules run separates them again. Merging a customer into itself is BAD_USER_INPUT.' +
      AGENT_NOTE,
  })
  async mergeCustomers(
    @Arg('sourceId', () => ID, { description: 'The customer whose records move (it stays, leading to the target).' }) sourceId: string,
    @Arg('targetId', () => ID, { description: 'The customer that receives them.' }) targetId: string,
    @Arg('reason', () => String, REASON_ARG) reason: string,
    @Ctx() { db, principal }: Context,
  ): Promise<MergeCustomersResult> {
    const why = text(reason, 'reason', 'reason');
    const who = deciderOf(principal);
    if (sourceId.trim().toLowerCase() === targetId.trim().toLowerCase()) {
      throw new BadUserInputError('A customer cannot be merged into itself: sourceId and targetId are the same', 'targetId');
    }
    return db.withTransaction(async (tx) => {
      // Both locked in id order (lockCustomers sorts), then each checked.
      for (const [id, field] of [[sourceId, 'sourceId'], [targetId, 'targetId']] as const) {
        if (!isCustomerId(id)) throw new BadUserInputError(`${field} '${id}' is not a customer id (a UUID)`, field);
      }
      await lockCustomers(tx, [sourceId, targetId]);
      const source = await activeCustomer(tx, sourceId, 'sourceId');
      const target = await activeCustomer(tx, targetId, 'targetId');
      const links = await lockLinksOfCustomer(tx, source);
      const decisionId = await insertDecision(tx, { kind: 'merge', customerId: source, otherCustomerId: target, decidedBy: who, reason: why });
      await closeLinks(tx, links.map((l) => l.id), `${who}: merged into ${target} (decision ${decisionId}): ${why}`);
      const records = links.map((l) => ({ system: l.system, localKey: l.local_key }));
      await insertManualLinks(tx, target, records, who, why, { decision: Number(decisionId), kind: 'merge', from: source });
      await setMergedInto(tx, source, target);
      const [targetCustomer, sourceCustomer] = await customers(tx, [target, source]);
      return Object.assign(new MergeCustomersResult(), { decisionId, target: targetCustomer, source: sourceCustomer });
    });
  }

  @Mutation(() => SplitCustomerResult, {
    nullable: true,
    description:
      'Splits a customer found to be two people: the listed records move to a new customer, linked by hand (the old ' +
      'links are closed, kept in the history), and every moved record is kept apart from every remaining one (a ' +
      '`keep_apart` decision per pair), so no rules run joins them again. Audited as a `split` decision. Each record ' +
      'must be linked to the customer, and at least one must remain (BAD_USER_INPUT otherwise).' +
      AGENT_NOTE,
  })
  async splitCustomer(
    @Arg('customerId', () => ID, { description: 'The customer to split.' }) customerId: string,
    @Arg('records', () => [RecordRef], { description: 'The records that belong to the other person.' }) records: RecordRef[],
    @Arg('reason', () => String, REASON_ARG) reason: string,
    @Ctx() { db, principal }: Context,
  ): Promise<SplitCustomerResult> {
    const why = text(reason, 'reason', 'reason');
    const who = deciderOf(principal);
    if (records.length === 0) throw new BadUserInputError('records must list at least one record to move', 'records');
    const moving = records.map((r) => recordOf(r.system, r.localKey, 'records'));
    const keys = new Set(moving.map((r) => `${r.system}:${r.localKey}`));
    if (keys.size !== moving.length) throw new BadUserInputError('records lists the same record twice', 'records');
    return db.withTransaction(async (tx) => {
      const from = await activeCustomer(tx, customerId, 'customerId');
      const links = await lockLinksOfCustomer(tx, from);
      const linked = new Set(links.map((l) => `${l.system}:${l.local_key}`));
      const stranger = moving.find((r) => !linked.has(`${r.system}:${r.localKey}`));
      if (stranger) throw new BadUserInputError(`The ${show(stranger)} is not linked to customer '${from}'`, 'records');
      const moved = links.filter((l) => keys.has(`${l.system}:${l.local_key}`));
      const remaining = links.filter((l) => !keys.has(`${l.system}:${l.local_key}`));
      if (remaining.length === 0) {
        throw new BadUserInputError(`A split must leave at least one record with customer '${from}': use linkIdentity to move them all`, 'records');
      }
      const fresh = await insertCustomer(tx);
      const decisionId = await insertDecision(tx, { kind: 'split', customerId: from, otherCustomerId: fresh, decidedBy: who, reason: why });
      await closeLinks(tx, moved.map((l) => l.id), `${who}: split off to ${fresh} (decision ${decisionId}): ${why}`);
      await insertManualLinks(tx, fresh, moving, who, why, { decision: Number(decisionId), kind: 'split', from });
      const toKey = (l: { system: SystemName; local_key: string }): RecordKey => ({ system: l.system, localKey: l.local_key });
      await insertKeepApart(tx, moving, remaining.map(toKey), who, `${why} (split, decision ${decisionId})`);
      const [customer, newCustomer] = await customers(tx, [from, fresh]);
      return Object.assign(new SplitCustomerResult(), { decisionId, customer, newCustomer });
    });
  }
}
