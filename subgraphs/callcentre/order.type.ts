// A web order, owned and resolved by the ecommerce subgraph. The call centre only knows references
// (quoted in a call's notes, recorded on a ticket): this stub carries the key, the gateway asks the
// ecommerce subgraph for the rest (`resolvable: false`: this subgraph cannot).
import { Directive, Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A web shop order (owned and resolved by the ecommerce subgraph).' })
@Directive('@key(fields: "reference", resolvable: false)')
export class Order {
  @Field(() => String, { description: 'Order reference, e.g. CMD-0001234.' })
  reference!: string;
}
