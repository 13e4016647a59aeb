// The right not to be known (issue 11 item 3): a person refuses to be recognised across systems.
//
// A refusal applies to a person, that is to the legacy records linked to their customer when they
// refuse. In one transaction, under the lock every rules run takes (so it never interleaves with one):
// - the `refuse_recognition` decision is audited (who: `<role>:<subject>`, why);
// - each of the records is marked (recognition_refusal, migration 014; the decision is the group);
// - every link of the customer is closed with the reason `refused_recognition`, and each record is
//   linked again, alone, to a customer of its own: the customer keeps its id with its first record by
//   system and key (the order in which the rules keep ids: once the refusal is withdrawn, the re-linked
//   person gets that id back), the others get new ids; every one of them is flagged as refusing;
// - the customer leaves their household.
// From then on no rules run (bulk or on changes) puts a marked record in a pair or a household edge
// (identity/link.sql.ts, household.sql.ts), and the database refuses any link that would join a
// marked record with another (trigger of migration 014), so the hub's cross-channel fields —
// history, golden record, consents — of each of those customers hold one system's record only, and
// household is null. Each channel still serves its own record (Customer.linkedRecords names it).
//
// Withdrawing (`recognised: true`) from any of those customers lifts the marks of the whole group,
// audited as `accept_recognition`; it links nothing itself: the next rules run does (a pass on
// changes takes the records in even though no legacy row changed).
//
// Who: a customer for themself (`setMyRecognition`, class self: the token's customer id, never an
// argument); an agent or a privacy officer for anyone, with a reason (`setRecognition`, class
// identityDecision, as the other identity decisions; a service needs `write:identity`). Two fields,
// not one, so that the policy table decides each caller (and the access matrix says so) instead of a
// check hidden in a resolver.
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Principal } from '../../kit/access/principal';
import { Database, Queryable } from '../../kit/database';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../kit/errors';
import { SubgraphContext } from '../../kit/subgraph';
import { CustomerLoaders, toCustomer } from '../customer.loaders';
import { Customer } from '../customer.type';
import { customersByIds, isCustomerId } from '../customers.repo';
import { lockCustomers, lockLinksOfCustomer } from '../decisions.repo';
import {
  customerRefuses,
  flagCustomer,
  insertRecognitionDecision,
  insertRefusingCustomers,
  leaveHouseholds,
  lockResolution,
  markRecords,
  refusalsOf,
  splitIntoRecords,
  withdrawRefusals,
} from './recognition.repo';
import { RecognitionResult } from './recognition.type';

type Context = SubgraphContext<CustomerLoaders>;

/** What the audit trail says when a customer decides for themself (they give no reason). */
export const CUSTOMER_REASON = 'asked by the customer';

interface Change {
  customerId: string;
  recognised: boolean;
  decidedBy: string;
  reason: string;
}

/** The customer, locked, refusing a malformed, unknown or merged id. */
async function activeCustomer(tx: Queryable, id: string): Promise<string> {
  if (!isCustomerId(id)) throw new BadUserInputError(`customerId '${id}' is not a customer id (a UUID)`, 'customerId');
  const [row] = await lockCustomers(tx, [id]);
  if (!row) throw new NotFoundError(`No customer with id '${id}'`);
  if (row.merged_into) throw new BadUserInputError(`Customer '${id}' was merged into '${row.merged_into}': use that customer`, 'customerId');
  return row.id;
}

async function customersInOrder(tx: Queryable, ids: readonly string[]): Promise<Customer[]> {
  const rows = await customersByIds(tx, ids);
  return ids.flatMap((id) => {
    const row = rows.find((r) => r.id === id);
    return row ? [toCustomer(row)] : [];
  });
}

async function refuse(tx: Queryable, change: Change): Promise<RecognitionResult> {
  const id = await activeCustomer(tx, change.customerId);
  const links = await lockLinksOfCustomer(tx, id); // system and key order: the first keeps the id
  if (links.length === 0) throw new BadUserInputError(`Customer '${id}' has no record linked: there is nothing to stop recognising`, 'customerId');
  const marked = await refusalsOf(tx, links);
  if (links.length === 1 && marked.length === 1) {
    const [customer] = await customersInOrder(tx, [id]);
    return Object.assign(new RecognitionResult(), { decisionId: null, recognised: false, customer: customer ?? null, records: 1, linksClosed: 0 });
  }
  const decisionId = await insertRecognitionDecision(tx, 'refuse_recognition', id, change.decidedBy, change.reason);
  await markRecords(tx, decisionId, id, links);
  const owners = [id, ...(await insertRefusingCustomers(tx, links.length - 1))];
  await flagCustomer(tx, id, true);
  const linksClosed = await splitIntoRecords(tx, decisionId, id, links, owners);
  await leaveHouseholds(tx, id, decisionId);
  const [customer] = await customersInOrder(tx, [id]);
  return Object.assign(new RecognitionResult(), { decisionId, recognised: false, customer: customer ?? null, records: links.length, linksClosed });
}

async function accept(tx: Queryable, change: Change): Promise<RecognitionResult> {
  const id = await activeCustomer(tx, change.customerId);
  const links = await lockLinksOfCustomer(tx, id);
  const marked = await refusalsOf(tx, links);
  if (marked.length === 0 && !(await customerRefuses(tx, id))) {
    const [customer] = await customersInOrder(tx, [id]);
    return Object.assign(new RecognitionResult(), { decisionId: null, recognised: true, customer: customer ?? null, records: 0, linksClosed: 0 });
  }
  const decisionId = await insertRecognitionDecision(tx, 'accept_recognition', id, change.decidedBy, change.reason);
  const refusals = [...new Set(marked.map((m) => m.decision_id))];
  const records = await withdrawRefusals(tx, refusals, decisionId, id);
  const [customer] = await customersInOrder(tx, [id]);
  return Object.assign(new RecognitionResult(), { decisionId, recognised: true, customer: customer ?? null, records: records.length, linksClosed: 0 });
}

function setRecognitionOf(db: Database, change: Change): Promise<RecognitionResult> {
  return db.withTransaction(async (tx) => {
    await lockResolution(tx);
    return change.recognised ? accept(tx, change) : refuse(tx, change);
  });
}

const deciderOf = (principal: Principal): string => `${principal.role}:${principal.subject}`;

const EFFECT =
  '`false`: every link between the records is closed (reason `refused_recognition`), each record becomes a customer of ' +
  'its own (the customer keeps its id with its first record by system and key), the household is left, and no identity ' +
  'resolution links those records again — each channel still serves its own record, no cross-channel field (history ' +
  'across systems, golden record, household) is computed for them. `true`: withdraws the refusal of every record that ' +
  'refused with this customer; the next identity resolution may link them again. Asking for the state already in force ' +
  'changes nothing (decisionId null). Audited as `refuse_recognition` / `accept_recognition`.';

@Resolver()
export class RecognitionResolver {
  @Mutation(() => RecognitionResult, {
    nullable: true,
    description:
      'The signed-in customer (customer role) refuses, or accepts again, to be recognised across systems. ' + EFFECT +
      ' The customer’s token keeps naming the same customer.',
  })
  async setMyRecognition(
    @Arg('recognised', () => Boolean, { description: 'false: do not recognise me across systems; true: you may again.' }) recognised: boolean,
    @Ctx() { db, principal }: Context,
  ): Promise<RecognitionResult> {
    // The policy (class self) lets only a customer principal here, and a customer principal names itself.
    if (!principal.customerId) throw new ForbiddenError('Only a customer decides for themself here', 'Mutation.setMyRecognition');
    return setRecognitionOf(db, { customerId: principal.customerId, recognised, decidedBy: deciderOf(principal), reason: CUSTOMER_REASON });
  }

  @Mutation(() => RecognitionResult, {
    nullable: true,
    description:
      'On a customer’s behalf (agents and privacy officers; FORBIDDEN otherwise): the customer refuses, or accepts again, to ' +
      'be recognised across systems. ' + EFFECT + ' Who decides is the verified caller (`<role>:<subject>`); `reason` is ' +
      'required (BAD_USER_INPUT when empty). Unknown customer: NOT_FOUND; merged: BAD_USER_INPUT naming the customer it leads to.',
  })
  async setRecognition(
    @Arg('customerId', () => ID, { description: 'The customer (any of the customers of a refusal, to withdraw it).' }) customerId: string,
    @Arg('recognised', () => Boolean, { description: 'false: refuse recognition across systems; true: withdraw the refusal.' }) recognised: boolean,
    @Arg('reason', () => String, { description: 'Why, as the customer asked it: required, stored with the decision.' }) reason: string,
    @Ctx() { db, principal }: Context,
  ): Promise<RecognitionResult> {
    const why = reason.trim();
    if (!why) throw new BadUserInputError('reason must not be empty', 'reason');
    return setRecognitionOf(db, { customerId, recognised, decidedBy: deciderOf(principal), reason: why });
  }
}
