// A customer's export as the API shows it: the request, its status per system, and the document.
import { Field, ID, ObjectType } from 'type-graphql';
import { OutboxStepFields, RequestStatus } from '../outbox/outbox.type';

export { RequestStatus };

@ObjectType({ description: 'One system’s section of an export: the outbox step that reads it.' })
export class ExportSection extends OutboxStepFields {}

@ObjectType({
  description:
    'A request for everything every system holds about a customer. Seen and downloaded only by the principal who made it.',
})
export class ExportRequest {
  @Field(() => ID, { description: 'The request id: pass it to `exportRequest` and `exportDocument`.' })
  id!: string;

  @Field(() => ID, { description: 'The customer exported.' })
  customerId!: string;

  @Field(() => RequestStatus, { description: 'DONE once every section is made; FAILED when none is left to run and one failed.' })
  status!: RequestStatus;

  @Field(() => Date, { description: 'When it was requested.' })
  requestedAt!: Date;

  @Field(() => Date, { description: 'When the document is deleted (7 days after the request); it cannot be downloaded after.' })
  expiresAt!: Date;

  @Field(() => [ExportSection], { description: 'One section per system holding the customer’s records, and the hub’s (`customer`).' })
  sections!: ExportSection[];
}
