import { Directive, Field, ObjectType } from 'type-graphql';
import { channelCustomerType } from '../kit/channel-customer';

/** The hub's Customer, extended here with what the store system knows of them. */
const ChannelCustomer = channelCustomerType('A customer (owned by the customer hub); the store system adds loyalty and receipts.');

/**
 * With the hub's consent in force, which some fields `@requires` (kit/access/consent-check.ts
 * CONSENT_FIELDS) for the policy to decide them: consent is enforced at read, by this subgraph.
 */
@ObjectType('Customer', { description: 'A customer (owned by the customer hub); the store system adds loyalty and receipts.' })
@Directive('@key(fields: "id")')
export class Customer extends ChannelCustomer {
  @Field(() => [String], { nullable: true, description: 'Provided by the hub: the purpose × medium consent grants in force.' })
  @Directive('@external')
  consentGrants?: string[];

  @Field(() => Boolean, { nullable: true, description: 'Provided by the hub: whether the customer’s profiling consent is in force.' })
  @Directive('@external')
  profilingConsent?: boolean;
}
