// The privacy officer's view of privacy requests (erasures, restrictions) and their steps.
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageInfo } from '../../../schema/common';
import { OutboxStepFields, RequestStatus } from '../outbox/outbox.type';

export { RequestStatus };

export enum PrivacyRequestKind {
  ERASURE = 'erasure',
  RESTRICTION = 'restriction',
}
registerEnumType(PrivacyRequestKind, {
  name: 'PrivacyRequestKind',
  description: 'What a privacy request asks.',
  valuesConfig: {
    ERASURE: { description: 'Erase the customer in every system that holds them, and in the hub.' },
    RESTRICTION: { description: 'Restrict (or lift the restriction of) processing: only the privacy officer reads the customer.' },
  },
});

@ObjectType({ description: 'One system’s part of a privacy request: its status, attempts and, once done, its receipt.' })
export class PrivacyRequestStep extends OutboxStepFields {
  @Field(() => Date, { nullable: true, description: 'When it was last attempted.' })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it failed for good.' })
  failedAt!: Date | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'What the system did, once done: the action, tables and rows touched, what was kept. Never personal data; kept after erasure as evidence.',
  })
  receipt!: Record<string, unknown> | null;
}

@ObjectType({ description: 'A privacy request (erasure or restriction): who asked, when, the deadline, and each system’s step.' })
export class PrivacyRequest {
  @Field(() => ID, { description: 'Request id.' })
  id!: string;

  @Field(() => PrivacyRequestKind, { description: 'What it asks.' })
  kind!: PrivacyRequestKind;

  @Field(() => ID, { nullable: true, description: 'The customer it concerns (a hub id, kept after erasure as a tombstone).' })
  customerId!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'For a restriction: whether it restricts (true) or lifts (false); null for an erasure.' })
  restricted!: boolean | null;

  @Field(() => String, { description: 'Who asked: role and subject of the verified principal (`privacy_officer:alice`).' })
  requestedBy!: string;

  @Field(() => Date, { description: 'When it was asked (recorded in the hub before anything was applied).' })
  requestedAt!: Date;

  @Field(() => Date, {
    description: 'When it must be done by: requestedAt + 30 days, the month GDPR art. 12(3) gives to act on a request (extensions are the officer’s, outside the graph).',
  })
  deadline!: Date;

  @Field(() => RequestStatus, { description: 'Derived from the steps: done when all are done, failed when none is left to run and one failed.' })
  status!: RequestStatus;

  @Field(() => Date, { nullable: true, description: 'When the last step was done; null until every step is.' })
  completedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The reason the privacy officer gave (a short text; it must not quote personal data).' })
  reason!: string | null;

  @Field(() => [PrivacyRequestStep], { description: 'One step per system, by system name.' })
  steps!: PrivacyRequestStep[];
}

@ObjectType({ description: 'An edge of the privacy requests.' })
export class PrivacyRequestEdge {
  @Field(() => PrivacyRequest, { description: 'The request.' })
  node!: PrivacyRequest;

  @Field(() => String, { description: 'Cursor of this request: pass it as `after` for the older ones.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of privacy requests, newest first.' })
export class PrivacyRequestConnection {
  @Field(() => [PrivacyRequestEdge], { description: 'The requests with their cursors.' })
  edges!: PrivacyRequestEdge[];

  @Field(() => [PrivacyRequest], { description: 'The requests.' })
  nodes!: PrivacyRequest[];

  @Field(() => PageInfo, { description: 'Whether older requests follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}
