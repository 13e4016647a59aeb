import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../../schema/common';

@ObjectType({
  description:
    'One read of a customer’s personal data: who (the verified principal), when, why (the purpose the client declared) ' +
    'and which classes of data — never the data itself. One entry per client request and customer.',
})
export class AccessLogEntry {
  @Field(() => ID, { description: 'Entry id.' })
  id!: string;

  @Field(() => ID, { description: 'The customer whose data was read.' })
  customerId!: string;

  @Field(() => Date, { description: 'When the data was read (the first read of the request).' })
  readAt!: Date;

  @Field(() => String, { description: 'Who read it: the token’s subject (an agent id, a service name, the customer).' })
  subject!: string;

  @Field(() => String, { description: 'The role they read it in: customer, agent, marketing, analyst, privacy_officer or service.' })
  role!: string;

  @Field(() => String, { nullable: true, description: 'The purpose the client declared in the `x-purpose` header; null when none.' })
  purpose!: string | null;

  @Field(() => [String], { description: 'The classes of data read (contact, activity, notes, payment, marketing …; see the README).' })
  dataClasses!: string[];

  @Field(() => [String], { description: 'The subgraphs that served them.' })
  subgraphs!: string[];
}

@ObjectType({ description: 'An edge of the access log.' })
export class AccessLogEdge {
  @Field(() => AccessLogEntry, { description: 'The entry.' })
  node!: AccessLogEntry;

  @Field(() => String, { description: 'Cursor of this entry: pass it as `after` for the entries that follow it.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of the access log, newest first.' })
export class AccessLogConnection {
  @Field(() => [AccessLogEdge], { description: 'The entries with their cursors.' })
  edges!: AccessLogEdge[];

  @Field(() => [AccessLogEntry], { description: 'The entries.' })
  nodes!: AccessLogEntry[];

  @Field(() => PageInfo, { description: 'Whether more entries follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}
