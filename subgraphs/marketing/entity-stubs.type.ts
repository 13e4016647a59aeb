// Entities of other subgraphs that marketing records point at. Only their key lives here: the
// owning subgraph resolves everything else (`resolvable: false`: this subgraph cannot).
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A store receipt (owned by the store subgraph).' })
@Directive('@key(fields: "id", resolvable: false)')
export class Receipt {
  @Field(() => ID, { description: 'Receipt number (store TICKET.NUM_TICKET).' })
  id!: string;
}

@ObjectType({ description: 'A web shop order (owned by the ecommerce subgraph).' })
@Directive('@key(fields: "reference", resolvable: false)')
export class Order {
  @Field(() => String, { description: 'Order reference, e.g. CMD-0001234.' })
  reference!: string;
}
