// The answer of the right not to be known (recognition.resolver.ts).
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Customer } from '../customer.type';

@ObjectType({ description: 'Whether a person is now recognised across systems, and what the change did.' })
export class RecognitionResult {
  @Field(() => ID, {
    nullable: true,
    description:
      'The audited decision (identity_decision id: `refuse_recognition` or `accept_recognition`); null when nothing changed ' +
      '(the person already refused, or already accepted, recognition).',
  })
  decisionId!: string | null;

  @Field(() => Boolean, { description: 'The state now: false while the refusal is in force.' })
  recognised!: boolean;

  @Field(() => Customer, {
    nullable: true,
    description:
      'The customer acted for. After a refusal it keeps its id and the first of its records by system and key (the one the ' +
      'rules will give that id back to once the refusal is withdrawn); a customer’s token keeps working.',
  })
  customer!: Customer | null;

  @Field(() => Int, {
    description:
      'How many records the change covers: after a refusal each of them is a customer of its own (`customer` holds the first, ' +
      '`Customer.identities` of each names its record); after a withdrawal, the records the next rules run may link again.',
  })
  records!: number;

  @Field(() => Int, { description: 'Links closed by this change (reason `refused_recognition`); 0 for a withdrawal, which closes none.' })
  linksClosed!: number;
}
