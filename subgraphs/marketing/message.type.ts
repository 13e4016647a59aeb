import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../../schema/common';
import { Campaign } from './campaign.type';

@ObjectType({ description: 'One campaign message sent to one person, and what became of it (marketing system, table mk_message).' })
@Directive('@key(fields: "id")')
export class Message {
  @Field(() => ID, { description: 'Message id (mk_message.message_id).' })
  id!: string;

  @Field(() => ID, { description: 'The marketing contact it was sent to (mk_contact.contact_uuid): a customer may have several.' })
  contactId!: string;

  @Field(() => Date, { description: 'When it was sent.' })
  sentAt!: Date;

  @Field(() => Boolean, { description: 'True when it was opened.' })
  opened!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was first opened; null if never.' })
  openedAt!: Date | null;

  @Field(() => Boolean, { description: 'True when a link in it was clicked.' })
  clicked!: boolean;

  @Field(() => Date, { nullable: true, description: 'When a link in it was clicked; null if never.' })
  clickedAt!: Date | null;

  @Field(() => Boolean, { description: 'True when it could not be delivered.' })
  bounced!: boolean;

  @Field(() => Boolean, { description: 'True when the recipient unsubscribed from it.' })
  unsubscribed!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the recipient unsubscribed from it; null if they did not.' })
  unsubscribedAt!: Date | null;

  @Field(() => Campaign, { nullable: true, description: 'The campaign it belongs to; null if the campaign was deleted.' })
  campaign!: Campaign | null;
}

@ObjectType({ description: 'A message and the cursor that points just after it.' })
export class MessageEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the messages that follow this one.' })
  cursor!: string;

  @Field(() => Message, { description: 'The message.' })
  node!: Message;
}

@ObjectType({ description: 'A page of messages, newest sent first.' })
export class MessageConnection {
  @Field(() => [MessageEdge], { description: 'The messages of this page, each with its cursor.' })
  edges!: MessageEdge[];


  @Field(() => [Message], { description: 'The messages of this page, in the same order as `edges` (for clients that need no cursor).' })
  nodes!: Message[];

  @Field(() => PageInfo, { description: 'Whether more messages follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}
