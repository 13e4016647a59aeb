import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A callback the customer asked for, with the hours they want to be called (table callbacks).' })
@Directive('@key(fields: "id")')
export class CallbackWindow {
  @Field(() => ID, { description: 'Callback id (callbacks.id).' })
  id!: string;

  @Field(() => Date, { description: 'When the callback was asked for (callbacks.requested_epoch) as an instant.' })
  requestedAt!: Date;

  @Field(() => String, {
    description: 'Start of the hours the customer wants to be called, "HH:MM" (24-hour), wall-clock time as recorded, with no date or zone (the call centre works on Paris time).',
  })
  windowStart!: string;

  @Field(() => String, {
    description: 'End of the hours the customer wants to be called, "HH:MM" (24-hour), wall-clock time as recorded, with no date or zone (the call centre works on Paris time).',
  })
  windowEnd!: string;

  @Field(() => Boolean, { description: 'True once the customer has been called back.' })
  done!: boolean;

  @Field(() => String, { description: 'The call-centre contact who asked for it (callbacks.contact_id).' })
  contactId!: string;
}
