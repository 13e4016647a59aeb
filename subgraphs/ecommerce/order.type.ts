import { Directive, Field, ObjectType } from 'type-graphql';
import { Money } from '../../schema/common';

@ObjectType({ description: 'A web shop order (e-commerce system, table orders).' })
@Directive('@key(fields: "reference")')
export class Order {
  @Field(() => String, { description: 'Order reference as customers quote it, e.g. CMD-0001234.' })
  reference!: string;

  @Field(() => String, { description: 'Legacy status: pending, paid, shipped, delivered, cancelled or returned.' })
  status!: string;

  @Field(() => Money, { description: 'Order total, tax included.' })
  total!: Money;

  @Field(() => Date, { description: 'When the order was placed (UTC).' })
  placedAt!: Date;
}
