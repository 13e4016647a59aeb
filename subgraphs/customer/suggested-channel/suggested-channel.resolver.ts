// Customer.suggestedChannel(task): the facts come from per-request loaders — habits and stated
// preferences (suggested-channel.loaders.ts), the links in force, the consent in force and the
// e-mails and phones the customer's records hold (customer.loaders.ts) — one statement each per batch of customers, for
// any number of customers and tasks; the rule is suggest.ts; how each channel serves a customer is
// declared by the channel (kit/contact-channel.ts, the registry's contactChannels).
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Channel, TouchpointRole } from '../../../schema/common';
import { registry } from '../../channels';
import { NEUTRAL_CONTACT_CHANNEL } from '../../kit/contact-channel';
import { SubgraphContext } from '../../kit/subgraph';
import { CustomerLoaders } from '../customer.loaders';
import { Customer } from '../customer.type';
import { ChannelOption, suggestChannel } from './suggest';
import { SuggestionLoaders } from './suggested-channel.loaders';
import { ChannelConsideration, ChannelVerdict, ContactWindow, SuggestedChannel, SuggestionBasis } from './suggested-channel.type';

type Context = SubgraphContext<CustomerLoaders & SuggestionLoaders>;

/** Every `Channel` value (the common vocabulary and what the registry added), with its declaration or the neutral one. */
function channelOptions(): ChannelOption[] {
  const declared = registry().contactChannels;
  return Object.values(Channel as Record<string, string>).map((channel) => ({
    channel,
    declaration: declared[channel] ?? { ...NEUTRAL_CONTACT_CHANNEL, label: `the ${channel} channel` },
  }));
}

@Resolver(() => Customer)
export class SuggestedChannelResolver {
  @FieldResolver(() => SuggestedChannel, {
    nullable: true,
    description:
      'The channel to use with this customer for a task, with its reason in plain words and every channel considered: ' +
      'their stated preference first, then their habits (the history), then the channel’s role; never a channel they ' +
      'refused (consent in force), cannot be reached on, or — for a link — never use; with the next opening or call window.',
  })
  async suggestedChannel(
    @Root() customer: Customer,
    @Arg('task', () => TouchpointRole, { description: 'What the contact is for: a sale, after-sales, a promotion, information.' }) task: TouchpointRole,
    @Ctx() { loaders }: Context,
  ): Promise<SuggestedChannel> {
    const [links, uses, preferences, consents, identifiers] = await Promise.all([
      loaders.activeLinks.load(customer.id),
      loaders.channelUses.load(customer.id),
      loaders.contactPreferences.load(customer.id),
      loaders.consentsInForce.load(customer.id),
      loaders.profileIdentifiers.load(customer.id),
    ]);
    const suggestion = suggestChannel({
      task,
      channels: channelOptions(),
      uses,
      preferences,
      consents,
      addresses: { email: identifiers.some((row) => row.kind === 'email'), phone: identifiers.some((row) => row.kind === 'phone') },
      linkedRecords: links.length,
      now: new Date(),
    });
    return Object.assign(new SuggestedChannel(), {
      task,
      channel: suggestion.channel as Channel | null,
      basis: suggestion.basis as SuggestionBasis | null,
      reason: suggestion.reason,
      when: suggestion.when ? Object.assign(new ContactWindow(), suggestion.when) : null,
      considered: suggestion.considered.map((c) =>
        Object.assign(new ChannelConsideration(), { ...c, channel: c.channel as Channel, verdict: c.verdict as ChannelVerdict }),
      ),
    });
  }
}
