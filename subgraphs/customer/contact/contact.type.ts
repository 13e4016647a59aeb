// A contact details update ("tell us once") as its requester and agents see it: each system's step
// with its receipt (fields written, already applied, conflicts: counts only, no values).
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { OutboxStepFields, RequestStatus } from '../outbox/outbox.type';

@InputType({ description: 'A postal address, as the customer gives it.' })
export class AddressInput {
  @Field(() => String, { description: 'Street line (at most 80 characters: the tills’ width).' })
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Second line (building, floor), at most 120 characters.' })
  line2?: string | null;

  @Field(() => String, { description: 'Postcode; five digits in France.' })
  postcode!: string;

  @Field(() => String, { description: 'City, at most 40 characters.' })
  city!: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code; FR when not given.' })
  country?: string | null;
}

@ObjectType({ description: 'One legacy system’s part of a contact details update.' })
export class ContactUpdateStep extends OutboxStepFields {
  @Field(() => Boolean, { description: 'Whether the system reported a conflict: a value its own application changed after the request was left as it is.' })
  conflict!: boolean;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'What the system did, once done: per field, records written, already applied, in conflict, not held; tables and rows. Never personal data.',
  })
  receipt!: Record<string, unknown> | null;
}

@ObjectType({ description: 'A contact details update written into every legacy system that holds the customer’s records.' })
export class ContactUpdateRequest {
  @Field(() => ID, { description: 'Request id.' })
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The customer it concerns.' })
  customerId!: string | null;

  @Field(() => [String], { description: 'The fields it changes: email, phone, address.' })
  fields!: string[];

  @Field(() => String, { description: 'Who asked: role and subject of the verified principal.' })
  requestedBy!: string;

  @Field(() => Date, { description: 'When it was asked: a legacy value changed by its own application after this is not overwritten.' })
  requestedAt!: Date;

  @Field(() => RequestStatus, { description: 'Derived from the steps: done when all are done, failed when none is left to run and one failed.' })
  status!: RequestStatus;

  @Field(() => Date, { nullable: true, description: 'When the last step was done; null until every step is.' })
  completedAt!: Date | null;

  @Field(() => Int, { description: 'Fields left unwritten because their system changed them after the request (sum over the receipts).' })
  conflicts!: number;

  @Field(() => [ContactUpdateStep], { description: 'One step per legacy system, by system name.' })
  steps!: ContactUpdateStep[];
}
