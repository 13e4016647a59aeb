// The privacy officer's view of privacy requests (erasures, restrictions) and their steps.
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageInfo } from '../../../schema/common';

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

export enum PrivacyStatus {
  PENDING = 'pending',
  RUNNING = 'running',
  DONE = 'done',
  FAILED = 'failed',
}
registerEnumType(PrivacyStatus, {
  name: 'PrivacyStatus',
  description: 'Where a privacy request, or one of its steps, stands.',
  valuesConfig: {
    PENDING: { description: 'Not attempted yet, or waiting for its next attempt (a system was down).' },
    RUNNING: { description: 'Being applied now (a step), or some steps done and others still to run (a request).' },
    DONE: { description: 'Applied (a step), or applied in every system (a request).' },
    FAILED: { description: 'Refused for good with a reason; an operator may retry it once the cause is fixed.' },
  },
});

@ObjectType({ description: 'One system’s part of a privacy request: its status, attempts and, once done, its receipt.' })
export class PrivacyRequestStep {
  @Field(() => String, { description: 'The system: a legacy system’s name (store, ecommerce …) or `customer` for the hub itself.' })
  system!: string;

  @Field(() => PrivacyStatus, { description: 'Where this step stands.' })
  status!: PrivacyStatus;

  @Field(() => Int, { description: 'How many times it was attempted (a system down, or a worker restarted, adds attempts).' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The last error: a code and class (`DatabaseError 55000`) or a permanent reason; never personal data.' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last attempted.' })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When a pending step is due again (after a failure, with backoff); null once done or failed.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was done.' })
  doneAt!: Date | null;

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

  @Field(() => PrivacyStatus, { description: 'Derived from the steps: done when all are done, failed when none is left to run and one failed.' })
  status!: PrivacyStatus;

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
