// Customer.suggestedChannel(task): the channel to use for a task, with its reason and everything
// that was considered (issue 15 item 4). The rule is in suggest.ts.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Channel, TouchpointRole } from '../../../schema/common';

export enum SuggestionBasis {
  STATED_PREFERENCE = 'STATED_PREFERENCE',
  HABIT = 'HABIT',
  CHANNEL_ROLE = 'CHANNEL_ROLE',
  DEFAULT = 'DEFAULT',
}
registerEnumType(SuggestionBasis, {
  name: 'SuggestionBasis',
  description: 'Which rule chose the suggested channel (the rules apply in this order).',
  valuesConfig: {
    STATED_PREFERENCE: { description: 'The channel the customer said they prefer for this task (or for any task).' },
    HABIT: { description: 'The channel the customer uses most, for this task first, then for anything.' },
    CHANNEL_ROLE: { description: 'No preference or habit decided it: the channel made for this task.' },
    DEFAULT: { description: 'None of the above: the first channel still possible that can also take this task.' },
  },
});

export enum ChannelVerdict {
  SUGGESTED = 'SUGGESTED',
  POSSIBLE = 'POSSIBLE',
  EXCLUDED = 'EXCLUDED',
}
registerEnumType(ChannelVerdict, {
  name: 'ChannelVerdict',
  description: 'What the suggestion made of one channel.',
  valuesConfig: {
    SUGGESTED: { description: 'The channel suggested.' },
    POSSIBLE: { description: 'Could be used, but another came first.' },
    EXCLUDED: { description: 'Must not be used: refused by the customer, unreachable, closed to them, or not made for the task.' },
  },
});

@ObjectType({ description: 'When the suggested channel can serve the customer next: its opening hours, narrowed by the customer’s contact hours for a call.' })
export class ContactWindow {
  @Field(() => Date, { description: 'From when (now, when it is open now).' })
  opensAt!: Date;

  @Field(() => Date, { description: 'Until when.' })
  closesAt!: Date;

  @Field(() => String, { description: 'The hours it follows, in plain words (Paris time): "Mon–Fri 09:00–18:00, within the customer’s contact hours 18:00–20:00".' })
  hours!: string;
}

@ObjectType({ description: 'One channel as the suggestion saw it: its verdict, why, and how much the customer uses it.' })
export class ChannelConsideration {
  @Field(() => Channel, { description: 'The channel.' })
  channel!: Channel;

  @Field(() => ChannelVerdict, { description: 'Suggested, possible, or excluded.' })
  verdict!: ChannelVerdict;

  @Field(() => String, { description: 'Why, in plain words.' })
  why!: string;

  @Field(() => Int, { description: 'How many touchpoints of the customer’s history are on this channel (any task).' })
  uses!: number;

  @Field(() => Int, { description: 'How many of them were for the task asked.' })
  usesForTask!: number;

  @Field(() => Date, { nullable: true, description: 'When the customer last used it; null when never.' })
  lastUsedAt!: Date | null;
}

@ObjectType({
  description:
    'The channel to use with a customer for a task, and why: their stated preference first, then their habits, then the ' +
    'channel’s role; never a channel they refused (consent in force), cannot be reached on, or never use when it only ' +
    'works for those who use it (a link). `channel` is null when no channel is possible, and `reason` then says why.',
})
export class SuggestedChannel {
  @Field(() => TouchpointRole, { description: 'The task asked for.' })
  task!: TouchpointRole;

  @Field(() => Channel, { nullable: true, description: 'The channel to use; null when every channel is excluded (see `considered`).' })
  channel!: Channel | null;

  @Field(() => SuggestionBasis, { nullable: true, description: 'Which rule chose it; null when no channel is possible.' })
  basis!: SuggestionBasis | null;

  @Field(() => String, { description: 'The decision in plain words, with everything considered.' })
  reason!: string;

  @Field(() => ContactWindow, { nullable: true, description: 'When the channel can serve the customer next; null when it is any time (a link, a message) or no channel is possible.' })
  when!: ContactWindow | null;

  @Field(() => [ChannelConsideration], { description: 'Every channel of the graph, in the `Channel` order, with its verdict and why.' })
  considered!: ChannelConsideration[];
}
