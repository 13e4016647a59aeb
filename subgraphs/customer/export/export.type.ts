// A customer's export as the API shows it: the request, its status per system, and the document.
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ExportStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}
registerEnumType(ExportStatus, {
  name: 'ExportStatus',
  description: 'Where an export, or one system’s section of it, stands.',
  valuesConfig: {
    PENDING: { description: 'Not attempted yet, or waiting to be retried (the system was down).' },
    RUNNING: { description: 'Being read now (for a whole export: at least one section was attempted).' },
    DONE: { description: 'Read and stored (for a whole export: every section; the document can be downloaded).' },
    FAILED: { description: 'Failed for good (the reason is given); an operator may retry it.' },
  },
});

@ObjectType({ description: 'One system’s section of an export: the outbox step that reads it.' })
export class ExportSection {
  @Field(() => String, {
    description: 'The system: a legacy system’s name as the registry declares it (store, ecommerce …), or `customer` for the hub’s own data.',
  })
  system!: string;

  @Field(() => ExportStatus, { description: 'Where this section stands.' })
  status!: ExportStatus;

  @Field(() => Int, { description: 'Attempts so far (more than one after a failure or a worker’s crash).' })
  attempts!: number;

  @Field(() => Date, { nullable: true, description: 'When the section was made; null until then.' })
  doneAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The last failure’s code and class, or a permanent failure’s reason (never personal data).' })
  lastError!: string | null;
}

@ObjectType({
  description:
    'A request for everything every system holds about a customer. Seen and downloaded only by the principal who made it.',
})
export class ExportRequest {
  @Field(() => ID, { description: 'The request id: pass it to `exportRequest` and `exportDocument`.' })
  id!: string;

  @Field(() => ID, { description: 'The customer exported.' })
  customerId!: string;

  @Field(() => ExportStatus, { description: 'DONE once every section is made; FAILED when none is left to run and one failed.' })
  status!: ExportStatus;

  @Field(() => Date, { description: 'When it was requested.' })
  requestedAt!: Date;

  @Field(() => Date, { description: 'When the document is deleted (7 days after the request); it cannot be downloaded after.' })
  expiresAt!: Date;

  @Field(() => [ExportSection], { description: 'One section per system holding the customer’s records, and the hub’s (`customer`).' })
  sections!: ExportSection[];
}
