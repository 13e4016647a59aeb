// One API shape (issue 10): every list that can grow is a connection with `edges`, `nodes` and
// `pageInfo`; a plain list stays only for a small bounded set, named here with its bound. Walks the
// committed supergraph (what clients see: @inaccessible fields left out), so a subgraph cannot add a
// growing plain list, or a connection without `nodes`, without this test saying so.
import { buildSchema, getNamedType, getNullableType, GraphQLField, isListType, isObjectType } from 'graphql';
import { readCommittedSupergraph } from './compose';

const schema = buildSchema(readCommittedSupergraph() ?? '');

const hidden = (node: { directives?: readonly { name: { value: string } }[] } | null | undefined): boolean =>
  node?.directives?.some((directive) => directive.name.value === 'inaccessible') ?? false;

const clientFields = (): { type: string; field: GraphQLField<unknown, unknown> }[] =>
  Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !/^(__|_|join__|link__)/.test(type.name) && !hidden(type.astNode))
    .flatMap((type) =>
      Object.values((type as import('graphql').GraphQLObjectType).getFields())
        .filter((field) => !hidden(field.astNode))
        .map((field) => ({ type: type.name, field })),
    );

/** Plain lists of small, bounded sets: why each cannot grow without bound. */
const BOUNDED_LISTS: Record<string, string> = {
  'AccessLogEntry.dataClasses': 'the data classes: a fixed set',
  'AccessLogEntry.subgraphs': 'the subgraphs of the graph',
  'PrivacyRequest.steps': 'one per system: the registry’s legacy systems and the hub',
  'Cart.items': 'one basket',
  'Customer.anticipatedNeeds': 'one person’s needs, the 50 soonest due (customer/needs/needs.resolver.ts MAX_NEEDS)',
  'AnticipatedNeed.evidence': 'the records of one need, at most 20 (MAX_EVIDENCE)',
  'Customer.identities': 'the records of one person',
  'Customer.systems': 'the legacy systems',
  'Customer.consents': 'purposes × contact media (4 × 4)',
  'ContactUpdateRequest.fields': 'the fields changed: e-mail, phone, address',
  'ContactUpdateRequest.steps': 'one per legacy system holding the customer',
  'Preferences.contactChannels': 'one per task (TouchpointRole: 4)',
  'Preferences.optIns': 'purposes × contact media (4 × 4)',
  'SourcedPreference.conflicts': 'one per record of the customer holding the preference, and the hub',
  'PreferenceUpdateRequest.fields': 'the preferences changed (5 kinds)',
  'PreferenceUpdateRequest.steps': 'one per legacy system holding a changed preference, and the hub',
  'IdentityReviewItem.records': 'the two records of one candidate pair',
  'IdentityReviewItem.fields': 'the compared fields (name, birth date, postcode)',
  'Customer.consentFlags': 'purposes × contact media (4 × 4)',
  'Customer.paymentMethods': 'one person’s saved cards (at most 100 served)',
  'Customer.addresses': 'one person’s saved addresses (at most 100 served)',
  'Customer.webAccounts': 'the web accounts of one person',
  'Customer.segments': 'one person’s segment memberships',
  'Customer.loyaltyAccounts': 'the cards of one person',
  'ExportRequest.sections': 'one per legacy system and the hub',
  'FamilyAccount.cards': 'one family’s cards',
  'GoldenRecord.names': 'one value per linked record',
  'GoldenRecord.emails': 'one value per linked record',
  'GoldenRecord.phones': 'one value per linked record',
  'GoldenRecord.postcodes': 'one value per linked record',
  'GoldenRecord.birthDates': 'one value per linked record',
  'GoldenRecord.conflicts': 'the golden record’s field names',
  'Household.establishedBy': 'the household rules',
  'Household.members': 'one household',
  'HouseholdMember.establishedBy': 'the household rules',
  'IdentifierMatch.candidates': 'the holders of one identifier',
  'MarketingConsents.current': 'channels × purposes',
  'MarketingConsentState.contacts': 'one person’s marketing contacts',
  'Order.items': 'one order',
  'Query.interactionCounts': 'groups of an aggregate (the cost limit counts them)',
  'Receipt.lines': 'one receipt',
  'SegmentMembership.contactIds': 'one person’s marketing contacts',
  'Ticket.events': 'one ticket’s steps',
  'SuggestedChannel.considered': 'one per Channel value',
};

/** Top-N rankings: bounded by `first` (at most 100); a next page of a ranking has no use. */
const RANKINGS = new Set(['Customer.favouriteStores', 'Customer.usualBasket']);


describe('API shape', () => {
  it('every connection has edges, nodes and pageInfo', () => {
    const connections = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && type.name.endsWith('Connection'));
    expect(connections.length).toBeGreaterThan(5);
    for (const type of connections) {
      const fields = Object.keys((type as import('graphql').GraphQLObjectType).getFields());
      expect({ type: type.name, fields: fields.filter((f) => ['edges', 'nodes', 'pageInfo'].includes(f)).sort() }).toEqual({
        type: type.name,
        fields: ['edges', 'nodes', 'pageInfo'],
      });
    }
  });

  it('every paged field returns a connection; every plain list is a small bounded set', () => {
    const problems: string[] = [];
    const rankingsSeen = new Set<string>();
    for (const { type, field } of clientFields()) {
      if (type.endsWith('Connection') || type.endsWith('Edge')) continue;
      const name = `${type}.${field.name}`;
      const paged = field.args.some((arg) => arg.name === 'first' || arg.name === 'after');
      const list = isListType(getNullableType(field.type));
      const connection = getNamedType(field.type).name.endsWith('Connection');
      if (paged && !connection) {
        if (RANKINGS.has(name)) rankingsSeen.add(name);
        else problems.push(`${name} takes first/after but is not a connection`);
      } else if (list && !paged && !BOUNDED_LISTS[name]) {
        problems.push(`${name} is a plain list: make it a connection, or name its bound in BOUNDED_LISTS`);
      }
    }
    expect(problems).toEqual([]);
    // The exceptions are real: every ranking named above is still a paged plain list.
    expect([...rankingsSeen].sort()).toEqual([...RANKINGS].sort());
  });

  it('names a legacy system LegacySystem and a touchpoint channel Channel, never the other way round', () => {
    const customer = schema.getType('Customer') as import('graphql').GraphQLObjectType;
    expect(getNamedType(customer.getFields().systems.type).name).toBe('LegacySystem');
    expect(customer.getFields().channels).toBeUndefined();
    const history = customer.getFields().history;
    expect(getNamedType(history.args.find((arg) => arg.name === 'channels')!.type).name).toBe('Channel');
  });
});
