// A contact details update ("tell us once") as its requester and agents see it: each system's step
// with its receipt (fields written, already applied, conflicts: counts only, no values).
import { Field, InputType, ObjectType } from 'type-graphql';
import { WriteThroughRequest, WriteThroughStep } from '../outbox/write-through.type';

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
export class ContactUpdateStep extends WriteThroughStep {}

@ObjectType({ description: 'A contact details update written into every legacy system that holds the customer’s records.' })
export class ContactUpdateRequest extends WriteThroughRequest(ContactUpdateStep, {
  name: 'ContactUpdateRequestFields',
  fields: 'The fields it changes: email, phone, address.',
  steps: 'One step per legacy system, by system name.',
}) {}
