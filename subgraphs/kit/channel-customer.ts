// The hub's `Customer` as every channel subgraph extends it: its key, and the hub's linked legacy
// records the channel reads (provided by the hub through `@requires`, hence `@external`). One
// definition, so that the four channels cannot drift apart on the entity they all extend; each gets
// its own class (a type-graphql schema takes the classes of its own subgraph) and its own wording.
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { LinkedRecords, ownRecordKeys } from '../../schema/common';

/** The `Customer` class of one channel subgraph; `description` says what this channel adds. */
export function channelCustomerType(description: string) {
  @ObjectType('Customer', { description })
  @Directive('@key(fields: "id")')
  class Customer {
    @Field(() => ID, { description: 'The customer id.' })
    id!: string;

    @Field(() => LinkedRecords, { description: 'Provided by the hub: which legacy records are this customer.' })
    @Directive('@external')
    linkedRecords?: LinkedRecords;
  }
  return Customer;
}

/**
 * The same, with the hub's consent in force, which the channel's consent-conditioned fields
 * `@requires` (kit/access/consent-check.ts CONSENT_FIELDS) for the policy to decide them: consent
 * is enforced at read, by the channel.
 */
export function channelCustomerTypeWithConsent(description: string) {
  const ChannelCustomer = channelCustomerType(description);
  @ObjectType('Customer', { description })
  @Directive('@key(fields: "id")')
  class Customer extends ChannelCustomer {
    @Field(() => [String], { nullable: true, description: 'Provided by the hub: the purpose × medium consent grants in force.' })
    @Directive('@external')
    consentGrants?: string[];

    @Field(() => Boolean, { nullable: true, description: 'Provided by the hub: whether the customer’s profiling consent is in force.' })
    @Directive('@external')
    profilingConsent?: boolean;
  }
  return Customer;
}

/**
 * What a channel's Customer field `@requires` from the hub to find its own records: every linked
 * record with its system (one selection for every channel, so the hub names none).
 */
export const OWN_RECORDS = 'linkedRecords { records { system localKey } }';

/** The keys of this channel's own records among the customer's linked records. */
export function ownKeys(customer: { linkedRecords?: LinkedRecords }, system: string): string[] {
  return ownRecordKeys(customer.linkedRecords, system);
}
