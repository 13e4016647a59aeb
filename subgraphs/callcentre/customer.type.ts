import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { LinkedRecords } from '../../schema/common';

/** The hub's Customer, extended here with what the call centre knows of them. */
@ObjectType({ description: 'A customer (owned by the customer hub); the call centre adds calls, tickets and callback windows.' })
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID, { description: 'The customer id.' })
  id!: string;

  @Field(() => LinkedRecords, { description: 'Provided by the hub: which legacy records are this customer.' })
  @Directive('@external')
  linkedRecords?: LinkedRecords;
}
