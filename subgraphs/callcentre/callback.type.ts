import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../../schema/common';

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

@ObjectType({ description: 'A callback request in a list, with the cursor to continue after it.' })
export class CallbackWindowEdge {
  @Field(() => String, { description: 'Opaque cursor of this callback request: pass it as `after` to get the older requests.' })
  cursor!: string;

  @Field(() => CallbackWindow, { description: 'The callback request.' })
  node!: CallbackWindow;
}

@ObjectType({ description: 'A page of callback requests, newest request first.' })
export class CallbackWindowConnection {
  @Field(() => [CallbackWindowEdge], { description: 'The callback requests of this page, newest request first.' })
  edges!: CallbackWindowEdge[];

  @Field(() => [CallbackWindow], { description: 'The callback requests of this page, in the same order as `edges` (for clients that need no cursor).' })
  nodes!: CallbackWindow[];

  @Field(() => PageInfo, { description: 'Whether older callback requests follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}
