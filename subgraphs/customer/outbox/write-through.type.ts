// The GraphQL types every "tell us once" write-through request shows (contact details,
// preferences): a step adds the system's conflict and receipt to the outbox's step fields; a request
// shows the same fields in the same order, only its `fields`, its step type and their descriptions
// its own (WriteThroughRequest builds the class for a step type). Neither base is in the schema.
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { OutboxStepFields, RequestStatus } from './outbox.type';
import type { OutboxRequest } from './outbox';
import { writeThroughFields, WriteThroughRequestFields } from './write-through';

/** The fields every step of a write-through request shows (a base class: not in the schema itself). */
@ObjectType({ description: 'The fields every step of a write-through request shows.' })
export abstract class WriteThroughStep extends OutboxStepFields {
  @Field(() => Boolean, { description: 'Whether the system reported a conflict: a value its own application changed after the request was left as it is.' })
  conflict!: boolean;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'What the system did, once done: per field, records written, already applied, in conflict, not held; tables and rows. Never personal data.',
  })
  receipt!: Record<string, unknown> | null;
}

/**
 * The base of a write-through request's type, for its step type: `name` names the base (never in
 * the schema), `fields` and `steps` describe the request's own.
 */
export function WriteThroughRequest<Step extends WriteThroughStep>(
  Step: new () => Step,
  describe: { name: string; fields: string; steps: string },
): abstract new () => WriteThroughRequestFields<Step> {
  @ObjectType(describe.name, { description: 'The fields every write-through request shows.' })
  abstract class Request implements WriteThroughRequestFields<Step> {
    @Field(() => ID, { description: 'Request id.' })
    id!: string;

    @Field(() => ID, { nullable: true, description: 'The customer it concerns.' })
    customerId!: string | null;

    @Field(() => [String], { description: describe.fields })
    fields!: string[];

    @Field(() => String, { description: 'Who asked: role and subject of the verified principal.' })
    requestedBy!: string;

    @Field(() => Date, { description: 'When it was asked: a legacy value changed by its own application after this is not overwritten.' })
    requestedAt!: Date;

    @Field(() => RequestStatus, { description: 'Derived from the steps: done when all are done, failed when none is left to run and one failed.' })
    status!: RequestStatus;

    @Field(() => Date, { nullable: true, description: 'When the last step was done; null until every step is.' })
    completedAt!: Date | null;

    @Field(() => Int, { description: 'Fields left unwritten because their system changed them after the request (sum over the receipts).' })
    conflicts!: number;

    @Field(() => [Step], { description: describe.steps })
    steps!: Step[];
  }
  return Request;
}

/** An outbox request as its write-through type shows it. */
export function toWriteThroughRequest<Request extends WriteThroughRequestFields<Step>, Step extends WriteThroughStep>(
  RequestType: new () => Request,
  StepType: new () => Step,
  request: OutboxRequest,
): Request {
  const fields = writeThroughFields(request);
  return Object.assign(new RequestType(), fields, { steps: fields.steps.map((step) => Object.assign(new StepType(), step)) });
}
