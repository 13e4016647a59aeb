import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { LinkedRecords } from '../../schema/common';

@ObjectType({
  description:
    'One person, whatever the channel: the hub gives every customer one id behind all their legacy identifiers. ' +
    'Each channel subgraph adds its own fields (receipts, orders, calls, messages …).',
})
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID, { description: 'The customer id (a UUID), stable across channels.' })
  id!: string;

  @Field(() => Date, { nullable: true, description: 'When the hub first recognised this customer.' })
  createdAt!: Date;

  @Field(() => LinkedRecords, { description: 'Legacy record keys linked to this customer (internal: for channel subgraphs).' })
  @Directive('@inaccessible')
  linkedRecords?: LinkedRecords;
}
