import { Field, ObjectType } from 'type-graphql';
import { IdentifierKind } from '../../schema/common';
import { Customer } from './customer.type';

@ObjectType({
  description:
    'Who holds an identifier. Usually one customer; several when the identifier is shared (a household ' +
    'landline, a family e-mail), in which case `customer` is null and `candidates` lists them.',
})
export class IdentifierMatch {
  @Field(() => IdentifierKind, { description: 'The kind of identifier looked up.' })
  kind!: IdentifierKind;

  @Field(() => String, { description: 'The value as the hub indexes it (lower-case e-mail, E.164 phone, 13-digit card …).' })
  normalisedValue!: string;

  @Field(() => Customer, { nullable: true, description: 'The customer, when exactly one holds this identifier.' })
  customer!: Customer | null;

  @Field(() => [Customer], { description: 'Every customer holding this identifier (empty when nobody is known by it).' })
  candidates!: Customer[];
}
