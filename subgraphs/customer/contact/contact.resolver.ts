// "Tell us once" (issue 15 item 2): a customer changes their contact details through the customer
// space (`updateMyContactDetails`, class self: the token's customer id, never an argument), an
// agent (or the privacy officer, rectification) for any customer (`updateContactDetails`, class
// contact, and the resolver admits those two roles only: a service's read scope writes nothing).
// The change is validated and normalised here, then recorded in the hub's outbox and applied per
// legacy system by the worker (contact.ts); these resolvers never wait for it. Its status:
// `myContactUpdateRequest` (the customer's own requests) and `contactUpdateRequest` (agents).
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { BadUserInputError, ForbiddenError } from '../../kit/errors';
import { isCustomerId, Principal } from '../../kit/access/principal';
import type { SubgraphContext } from '../../kit/subgraph';
import type { ContactChange } from '../../kit/contact-details';
import { isInvalid, normaliseEmail, normalisePhone, normalisePostcode } from '../../kit/identity/normalise';
import { getRequest, OutboxRequest } from '../outbox/outbox';
import { CONTACT_UPDATE_KIND, submitContactUpdate } from './contact';
import { AddressInput, ContactUpdateRequest, ContactUpdateStep } from './contact.type';
import { checkedKey, isRequestId, requesterOf, STAFF, WriteThroughRefused } from '../outbox/write-through';
import { toWriteThroughRequest } from '../outbox/write-through.type';

type Context = SubgraphContext<unknown>;

/** The change, validated and normalised; BadUserInputError names the argument at fault (never echoing it). */
export function contactChangeOf(email: string | null, phone: string | null, address: AddressInput | null): ContactChange {
  const change: ContactChange = {};
  if (email !== null && email !== undefined) {
    const normalised = normaliseEmail(email);
    if (isInvalid(normalised)) throw new BadUserInputError(`email is not an e-mail address: ${normalised.invalid}`, 'email');
    if (normalised.value.length > 80) throw new BadUserInputError('email is longer than 80 characters (the tills’ width)', 'email');
    change.email = normalised.value;
  }
  if (phone !== null && phone !== undefined) {
    const normalised = normalisePhone(phone);
    if (isInvalid(normalised)) throw new BadUserInputError(`phone is not a phone number: ${normalised.invalid}`, 'phone');
    if (!normalised.valid) throw new BadUserInputError('phone is in no range assigned today', 'phone');
    change.phone = { e164: normalised.e164, mobile: normalised.kind === 'mobile' };
  }
  if (address !== null && address !== undefined) {
    const line1 = address.line1.trim().replace(/\s+/g, ' ');
    const line2 = address.line2?.trim().replace(/\s+/g, ' ') || null;
    const city = address.city.trim().replace(/\s+/g, ' ');
    const country = (address.country?.trim() || 'FR').toUpperCase();
    let postcode = address.postcode.replace(/\s/g, '').toUpperCase();
    if (line1 === '' || line1.length > 80) throw new BadUserInputError('address.line1 must be 1 to 80 characters', 'address');
    if (line2 && line2.length > 120) throw new BadUserInputError('address.line2 must be at most 120 characters', 'address');
    if (city === '' || city.length > 40) throw new BadUserInputError('address.city must be 1 to 40 characters', 'address');
    if (!/^[A-Z]{2}$/.test(country)) throw new BadUserInputError('address.country must be an ISO 3166-1 alpha-2 code', 'address');
    if (country === 'FR') {
      const normalised = normalisePostcode(postcode);
      if (isInvalid(normalised)) throw new BadUserInputError(`address.postcode: ${normalised.invalid}`, 'address');
      postcode = normalised.value;
    } else if (postcode === '' || postcode.length > 10) throw new BadUserInputError('address.postcode must be 1 to 10 characters', 'address');
    change.address = { line1, line2, postcode, city, country };
  }
  if (Object.keys(change).length === 0) throw new BadUserInputError('give at least one of email, phone, address', 'email');
  return change;
}

export const toContactUpdateRequest = (request: OutboxRequest): ContactUpdateRequest => toWriteThroughRequest(ContactUpdateRequest, ContactUpdateStep, request);

async function submit(
  db: Context['db'],
  principal: Principal,
  customerId: string,
  args: { email: string | null; phone: string | null; address: AddressInput | null; idempotencyKey: string | null },
): Promise<ContactUpdateRequest> {
  const change = contactChangeOf(args.email, args.phone, args.address);
  try {
    const { request } = await submitContactUpdate(db, { customerId, change, requestedBy: requesterOf(principal), idempotencyKey: checkedKey(args.idempotencyKey) });
    return toContactUpdateRequest(request);
  } catch (error) {
    if (error instanceof WriteThroughRefused) throw new BadUserInputError(`Cannot update: ${error.message}`, 'customerId');
    throw error;
  }
}

async function requestOf(db: Context['db'], id: string): Promise<ContactUpdateRequest | null> {
  if (!isRequestId(id)) return null;
  const request = await getRequest(db, id);
  return request && request.kind === CONTACT_UPDATE_KIND ? toContactUpdateRequest(request) : null;
}

const EMAIL = { nullable: true, description: 'The new e-mail address (trimmed, lower-cased).' };
const PHONE = { nullable: true, description: 'The new phone number, national (French) or international; written in each system’s spelling.' };
const ADDRESS = { nullable: true, description: 'The new postal address.' };
const KEY = {
  nullable: true,
  description: 'The client’s key for this change (1–100 of letters, digits, `._:-`): asking again with it returns the first request instead of a new one.',
};

@Resolver()
export class ContactDetailsResolver {
  @Mutation(() => ContactUpdateRequest, {
    nullable: true,
    description:
      'Change a customer’s contact details once, for every legacy system that holds them (store cards, web accounts and their ' +
      'default address, call-centre contacts, marketing contacts), each written in its own format. Recorded at once and applied ' +
      'per system by the hub’s outbox: a system down delays its step, never loses it. A value a system changed itself after ' +
      'this request is not overwritten: its step reports a conflict. Agents and the privacy officer; customers use updateMyContactDetails.',
  })
  async updateContactDetails(
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('email', () => String, EMAIL) email: string | null,
    @Arg('phone', () => String, PHONE) phone: string | null,
    @Arg('address', () => AddressInput, ADDRESS) address: AddressInput | null,
    @Arg('idempotencyKey', () => String, KEY) idempotencyKey: string | null,
    @Ctx() { db, principal }: Context,
  ): Promise<ContactUpdateRequest> {
    if (!STAFF.has(principal.role)) throw new ForbiddenError('Only an agent or the privacy officer changes a customer’s contact details here', 'Mutation.updateContactDetails');
    if (!isCustomerId(customerId)) throw new BadUserInputError('customerId must be a customer id (a UUID)', 'customerId');
    return submit(db, principal, customerId, { email, phone, address, idempotencyKey });
  }

  @Mutation(() => ContactUpdateRequest, {
    nullable: true,
    description: 'Change your own contact details once, for every system that holds them (see updateContactDetails). Customers only.',
  })
  async updateMyContactDetails(
    @Arg('email', () => String, EMAIL) email: string | null,
    @Arg('phone', () => String, PHONE) phone: string | null,
    @Arg('address', () => AddressInput, ADDRESS) address: AddressInput | null,
    @Arg('idempotencyKey', () => String, KEY) idempotencyKey: string | null,
    @Ctx() { db, principal }: Context,
  ): Promise<ContactUpdateRequest> {
    // The policy (class self) lets only a customer principal here, and a customer principal names itself.
    if (!principal.customerId) throw new ForbiddenError('Only a customer changes their own details here', 'Mutation.updateMyContactDetails');
    return submit(db, principal, principal.customerId, { email, phone, address, idempotencyKey });
  }

  @Query(() => ContactUpdateRequest, { nullable: true, description: 'A contact details update by id, with each system’s step and receipt; null when there is none. Agents and the privacy officer.' })
  async contactUpdateRequest(@Arg('id', () => ID, { description: 'The request id.' }) id: string, @Ctx() { db, principal }: Context): Promise<ContactUpdateRequest | null> {
    if (!STAFF.has(principal.role)) throw new ForbiddenError('Only an agent or the privacy officer follows a customer’s contact update here', 'Query.contactUpdateRequest');
    return requestOf(db, id);
  }

  @Query(() => ContactUpdateRequest, { nullable: true, description: 'One of your own contact details updates by id; null when there is none of yours. Customers only.' })
  async myContactUpdateRequest(@Arg('id', () => ID, { description: 'The request id.' }) id: string, @Ctx() { db, principal }: Context): Promise<ContactUpdateRequest | null> {
    if (!principal.customerId) throw new ForbiddenError('Only a customer follows their own requests here', 'Query.myContactUpdateRequest');
    const request = await requestOf(db, id);
    return request && request.customerId === principal.customerId ? request : null;
  }
}
