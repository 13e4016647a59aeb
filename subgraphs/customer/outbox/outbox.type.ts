// What every request the hub writes through its outbox shows of itself (privacy requests, exports,
// contact updates): one status vocabulary and the fields of a step, so that the three APIs read the
// same and are mapped from an OutboxStep in one place.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { OutboxStep } from './outbox.types';

export enum RequestStatus {
  PENDING = 'pending',
  RUNNING = 'running',
  DONE = 'done',
  FAILED = 'failed',
}
registerEnumType(RequestStatus, {
  name: 'RequestStatus',
  description: 'Where a request written to the legacy systems (a privacy request, an export, a contact update), or one of its steps, stands.',
  valuesConfig: {
    PENDING: { description: 'Not attempted yet, or waiting for its next attempt (a system was down).' },
    RUNNING: { description: 'Being applied now (a step), or some steps done and others still to run (a request).' },
    DONE: { description: 'Applied (a step), or applied in every system (a request).' },
    FAILED: { description: 'Refused for good with a reason; an operator may retry it once the cause is fixed.' },
  },
});

/** The fields every step type shares (a base class: not in the schema itself). */
@ObjectType({ description: 'The fields every step of a request written through the outbox shows.' })
export abstract class OutboxStepFields {
  @Field(() => String, { description: 'The system: a legacy system’s name as the registry declares it (store, ecommerce …), or `customer` for the hub itself.' })
  system!: string;

  @Field(() => RequestStatus, { description: 'Where this step stands.' })
  status!: RequestStatus;

  @Field(() => Int, { description: 'How many times it was attempted (a system down, or a worker restarted, adds attempts).' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The last error: a code and class (`DatabaseError 55000`) or a permanent reason; never personal data.' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When a pending step is due again (after a failure, with backoff); null once done or failed.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was done.' })
  doneAt!: Date | null;
}

/** The shared fields of a step, as its type shows them. */
export function outboxStepFields(step: OutboxStep): OutboxStepFields {
  return {
    system: step.system,
    status: step.status as RequestStatus,
    attempts: step.attempts,
    lastError: step.lastError,
    nextAttemptAt: step.status === 'pending' || step.status === 'running' ? step.nextAttemptAt : null,
    doneAt: step.doneAt,
  };
}
