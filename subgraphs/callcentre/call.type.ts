import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo, Reason } from '../../schema/common';
import { CallDirection, CallOutcome, CallQueue } from './callcentre.enums';
import { Order } from './order.type';

@ObjectType({ description: 'A phone call, inbound or outbound (call-centre system, table calls).' })
@Directive('@key(fields: "id")')
export class Call {
  @Field(() => ID, { description: 'Call id (calls.call_id); it grows with time.' })
  id!: string;

  @Field(() => CallDirection, { nullable: true, description: 'Inbound or outbound; null when the legacy code is not a known one (see `directionCode`).' })
  direction!: CallDirection | null;

  @Field(() => String, { description: 'The legacy direction as stored (calls.direction): I inbound, O outbound.' })
  directionCode!: string;

  @Field(() => CallQueue, { nullable: true, description: 'The queue the call went through; null when the legacy code is not a known one (see `queueCode`).' })
  queue!: CallQueue | null;

  @Field(() => String, { description: 'The legacy queue as stored (calls.queue): SAV, COMMANDES, RECLAMATIONS or INFO.' })
  queueCode!: string;

  @Field(() => Reason, {
    nullable: true,
    description:
      'Why the customer called, in the vocabulary shared by every channel (RECL complaint, SUIVI order tracking, INFO ' +
      'information, RETOUR return, FACT invoice, RESIL cancellation); null when the legacy code is not a known one (see `reasonCode`).',
  })
  reason!: Reason | null;

  @Field(() => String, { description: 'The legacy reason code as stored (calls.reason_code): RECL, SUIVI, INFO, RETOUR, FACT or RESIL.' })
  reasonCode!: string;

  @Field(() => CallOutcome, { nullable: true, description: 'How the call ended; null when the legacy code is not a known one (see `outcomeCode`).' })
  outcome!: CallOutcome | null;

  @Field(() => String, { description: 'The legacy outcome as stored (calls.outcome): RESOLU, RAPPEL, ESCALADE or ABANDON.' })
  outcomeCode!: string;

  @Field(() => Date, { description: 'When the call started (calls.start_epoch, epoch seconds) as an instant.' })
  startedAt!: Date;

  @Field(() => Int, { description: 'How long the call lasted, in seconds (calls.duration_s).' })
  durationSeconds!: number;

  @Field(() => String, { description: 'The agent who took or placed the call (calls.agent_id).' })
  agentId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The calling number (ANI) in E.164, e.g. +33612345678, normalised as the hub normalises phones (French numbers ' +
      'by default); null when the captured number cannot be read with certainty (see `callingNumberAsCaptured`).',
  })
  callingNumber!: string | null;

  @Field(() => String, { description: 'The calling number exactly as the telephony captured it (calls.ani).' })
  callingNumberAsCaptured!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The call-centre contact the caller was identified as (calls.contact_id); null for an unidentified caller.',
  })
  contactId!: string | null;

  @Field(() => Order, {
    nullable: true,
    description:
      'The web order quoted in the call\'s notes: the first reference of the form CMD-0001234 found there, resolved by the ' +
      'ecommerce subgraph; null when the notes quote none.',
  })
  quotedOrder!: Order | null;

  // Declared for type-graphql's field resolver: the agent's free text, read only when asked for.
  notes?: string | null;
}

@ObjectType({ description: 'A call in a list, with the cursor to continue after it.' })
export class CallEdge {
  @Field(() => String, { description: 'Opaque cursor of this call: pass it as `after` to get the calls before it.' })
  cursor!: string;

  @Field(() => Call, { description: 'The call.' })
  node!: Call;
}

@ObjectType({ description: 'A page of calls, newest first.' })
export class CallConnection {
  @Field(() => [CallEdge], { description: 'The calls of this page, newest first.' })
  edges!: CallEdge[];

  @Field(() => [Call], { description: 'The calls of this page, in the same order as `edges` (for clients that need no cursor).' })
  nodes!: Call[];

  @Field(() => PageInfo, { description: 'Whether older calls follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}
