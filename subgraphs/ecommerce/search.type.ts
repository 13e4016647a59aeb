import { PageInfo } from '../../schema/common';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A search typed on the web shop while signed in (e-commerce system, table searches).' })
@Directive('@key(fields: "id")')
export class Search {
  @Field(() => ID, { description: 'Search id (searches.id).' })
  id!: string;

  @Field(() => String, { description: 'What the customer typed, as typed.' })
  query!: string;

  @Field(() => Date, { description: 'When the search was made (UTC).' })
  searchedAt!: Date;

  @Field(() => ID, { description: 'The web account signed in at the time (customers.id).' })
  webAccountId!: string;
}

@ObjectType({ description: 'A search and the cursor that points just after it.' })
export class SearchEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the searches that follow this one.' })
  cursor!: string;

  @Field(() => Search, { description: 'The search.' })
  node!: Search;
}

@ObjectType({ description: "A page of a customer's searches, latest first." })
export class SearchConnection {
  @Field(() => [SearchEdge], { description: 'The searches of this page, each with its cursor.' })
  edges!: SearchEdge[];

  @Field(() => [Search], { description: 'The searches of this page (the same as edges.node).' })
  nodes!: Search[];

  @Field(() => PageInfo, { description: 'Whether more searches follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}
