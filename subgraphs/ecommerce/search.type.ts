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
