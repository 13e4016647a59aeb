import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * A store, owned and resolved by the store subgraph. The web shop only knows its code (an order's
 * click-and-collect store): this stub carries the key, the gateway asks the store subgraph for the rest.
 */
@ObjectType({ description: 'A physical store of the chain (resolved by the store subgraph).' })
@Directive('@key(fields: "code", resolvable: false)')
export class Store {
  @Field(() => String, { description: 'Store code, e.g. P001 (MAGASIN.CODE_MAG).' })
  code!: string;
}
