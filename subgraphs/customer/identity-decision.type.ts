// Inputs and results of the agents' identity decisions (identity-decision.resolver.ts).
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { LegacySystem } from '../../schema/common';
import { Customer } from './customer.type';

@InputType({ description: 'One legacy record: the system it lives in and its key there.' })
export class RecordRef {
  @Field(() => LegacySystem, { description: 'The system the record lives in.' })
  system!: LegacySystem;

  @Field(() => String, {
    description: 'The record key in that system: a loyalty card number, a web account id, a call-centre or marketing contact id.',
  })
  localKey!: string;
}

@ObjectType({ description: 'A record linked by hand to a customer.' })
export class LinkIdentityResult {
  @Field(() => ID, { description: 'The audited decision (identity_decision id).' })
  decisionId!: string;

  @Field(() => Customer, { description: 'The customer the record is now linked to.' })
  customer!: Customer;

  @Field(() => Customer, { nullable: true, description: 'The customer the record was linked to before; null when it was linked to none.' })
  previousCustomer!: Customer | null;
}

@ObjectType({ description: 'A record taken away from a customer by hand.' })
export class UnlinkIdentityResult {
  @Field(() => ID, { description: 'The audited `unlink` decision (identity_decision id): the rules never link the record to that customer again.' })
  decisionId!: string;

  @Field(() => Customer, { description: 'The customer the record was taken from.' })
  customer!: Customer;

  @Field(() => Customer, { description: 'The new customer the record now belongs to, on its own.' })
  newCustomer!: Customer;
}

@ObjectType({ description: 'Two customers found to be one person, merged by hand.' })
export class MergeCustomersResult {
  @Field(() => ID, { description: 'The audited `merge` decision (identity_decision id).' })
  decisionId!: string;

  @Field(() => Customer, { description: 'The customer that now holds every record of both.' })
  target!: Customer;

  @Field(() => Customer, { description: 'The merged customer: it keeps its id, without records, and leads to the target.' })
  source!: Customer;
}

@ObjectType({ description: 'A customer found to be two people, split by hand.' })
export class SplitCustomerResult {
  @Field(() => ID, { description: 'The audited `split` decision (identity_decision id).' })
  decisionId!: string;

  @Field(() => Customer, { description: 'The customer that keeps the records not listed.' })
  customer!: Customer;

  @Field(() => Customer, { description: 'The new customer holding the listed records.' })
  newCustomer!: Customer;
}
