import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A phone call, inbound or outbound (call-centre system, table calls).' })
@Directive('@key(fields: "id")')
export class Call {
  @Field(() => ID, { description: 'Call id (calls.call_id).' })
  id!: string;

  @Field(() => String, { description: 'INBOUND or OUTBOUND.' })
  direction!: string;

  @Field(() => String, { description: 'Queue the call went through: SAV, COMMANDES, RECLAMATIONS or INFO.' })
  queue!: string;

  @Field(() => String, { description: 'Legacy reason code: RECL, SUIVI, INFO, RETOUR, FACT or RESIL.' })
  reasonCode!: string;

  @Field(() => Date, { description: 'When the call started.' })
  startedAt!: Date;

  @Field(() => Int, { description: 'Duration in seconds.' })
  durationSeconds!: number;
}
