import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A web shop account (e-commerce system, table customers). One person may hold several (an old and a new ' +
    'e-mail); an account the customer deleted is still listed, flagged `deleted`, because its orders remain theirs. ' +
    'Credentials never leave the web shop.',
})
export class WebAccount {
  @Field(() => ID, { description: 'Web account id (customers.id).' })
  id!: string;

  @Field(() => Date, { description: 'When the account was created (UTC).' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the account was last changed (UTC).' })
  updatedAt!: Date;

  @Field(() => Boolean, { description: 'True when the account was deleted (soft delete: customers.deleted_at is set).' })
  deleted!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the account was deleted (UTC); null while it is live.' })
  deletedAt!: Date | null;
}
