import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { IdentifierKind, LegacySystem, LinkedRecord, LinkedRecords } from '../../schema/common';
import { decodeCursor, encodeCursor, pageInfoOf } from '../kit/cursor';
import { pageSize } from '../kit/pagination';
import { systemsOf, listFilterOf, toGoldenRecord, toHousehold, toIdentityLink } from './customer-profile';
import { listCustomers } from './customer-profile.repo';
import { CustomerConnection, CustomerEdge, CustomerFilter, GoldenRecord, Household, IdentityLink } from './customer-profile.type';
import { identifierLookup } from './identifier';
import { IdentifierMatch } from './identifier-match.type';
import { customersByIdentifier } from './identifiers.repo';
import { SubgraphContext } from '../kit/subgraph';
import { CustomerLoaders, toCustomer } from './customer.loaders';
import { Customer } from './customer.type';
import { requiredNeedsOf } from './needs/needs.resolver';

const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Context = SubgraphContext<CustomerLoaders>;

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, {
    nullable: true,
    description:
      'The signed-in customer (a token with the customer role): the customer space, from which every channel’s data about ' +
      'them is reached — loyalty, orders, history, household, consents, who read their data. A customer reaches no other ' +
      'customer by any field. Null when the hub no longer knows them.',
  })
  async me(@Ctx() { loaders, principal }: Context): Promise<Customer | null> {
    // The policy lets only a customer principal here, and a customer principal always names itself.
    if (!principal.customerId) return null;
    const row = await loaders.customer.load(principal.customerId);
    return row ? toCustomer(row) : null;
  }

  @Query(() => Customer, { nullable: true, description: 'A customer by hub id; null when there is none.' })
  async customer(@Arg('id', () => ID, { description: 'The customer id (a UUID).' }) id: string, @Ctx() { loaders }: Context): Promise<Customer | null> {
    const row = await loaders.customer.load(id);
    return row ? toCustomer(row) : null;
  }

  @Query(() => IdentifierMatch, {
    nullable: true,
    description:
      'Who is known by an identifier, in any spelling: an e-mail in any case or with spaces, a phone as ' +
      '06 12 34 56 78, 0612345678 or +33612345678, a card with or without spaces, an account or contact id. ' +
      'A malformed value is a BAD_USER_INPUT error saying what is wrong.',
  })
  async customerByIdentifier(
    @Arg('kind', () => IdentifierKind, { description: 'Which kind of identifier `value` is.' }) kind: IdentifierKind,
    @Arg('value', () => String, { description: 'The identifier, in any spelling.' }) value: string,
    @Ctx() { db }: Context,
  ): Promise<IdentifierMatch> {
    const lookup = identifierLookup(kind, value);
    const candidates = (await customersByIdentifier(db, lookup)).map(toCustomer);
    return Object.assign(new IdentifierMatch(), {
      kind,
      normalisedValue: lookup.value,
      customer: candidates.length === 1 ? candidates[0] : null,
      candidates,
    });
  }

  @Query(() => CustomerConnection, {
    nullable: true,
    description:
      'Customers, filtered by name, postcode, channel presence or household, a page at a time (cursor pagination, ' +
      'customer id order). `first` is at most 100 (20 when not given).',
  })
  async customers(
    @Arg('filter', () => CustomerFilter, { nullable: true, description: 'Which customers; all when not given.' }) filter: CustomerFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: at most 100, 20 when not given.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
    @Ctx() { db }: Context,
  ): Promise<CustomerConnection> {
    const size = pageSize(first);
    const criteria = listFilterOf(filter);
    const afterId = decodeCursor(after, [CUSTOMER_ID])?.[0] ?? null;
    const rows = size === 0 ? [] : await listCustomers(db, criteria, afterId, size + 1);
    const page = rows.slice(0, size).map(toCustomer);
    const edges = page.map((node) => Object.assign(new CustomerEdge(), { node, cursor: encodeCursor([node.id]) }));
    return Object.assign(new CustomerConnection(), {
      edges,
      nodes: page,
      count: page.length,
      pageInfo: pageInfoOf(rows.length > size, edges.length ? edges[edges.length - 1].cursor : null),
    });
  }

  @FieldResolver(() => [IdentityLink], { nullable: true,
    description: 'Every legacy record linked to this customer (links in force), with the rule, evidence and decision behind it.',
  })
  async identities(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<IdentityLink[]> {
    return (await loaders.identities.load(customer.id)).map(toIdentityLink);
  }

  @FieldResolver(() => [LegacySystem], { nullable: true, description: 'The systems that know this customer (hold a record linked to them).' })
  async systems(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<LegacySystem[]> {
    return systemsOf(await loaders.identities.load(customer.id));
  }

  @FieldResolver(() => Household, { nullable: true, description: 'The household this customer belongs to; null when none.' })
  async household(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<Household | null> {
    return toHousehold(await loaders.household.load(customer.id));
  }

  @FieldResolver(() => GoldenRecord, {
    nullable: true,
    description:
      'What the linked records say about this customer — names, e-mails, phones, postcodes, birth dates — each value ' +
      'with its record and date, disagreeing values all listed. Null when no record is linked.',
  })
  async goldenRecord(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<GoldenRecord | null> {
    const [records, identifiers] = await Promise.all([
      loaders.profileRecords.load(customer.id),
      loaders.profileIdentifiers.load(customer.id),
    ]);
    return toGoldenRecord(records, identifiers);
  }

  @FieldResolver(() => LinkedRecords)
  async linkedRecords(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<LinkedRecords> {
    const links = await loaders.activeLinks.load(customer.id);
    return Object.assign(new LinkedRecords(), {
      records: links.map((link) => Object.assign(new LinkedRecord(), { system: link.system, localKey: link.local_key })),
    });
  }
}

/** Resolves `Customer` references from other subgraphs, one query per `_entities` batch. */
export async function resolveCustomerReference(reference: { id: string }, { loaders }: Context): Promise<Customer | null> {
  const row = await loaders.customer.load(reference.id);
  // The channels' needs the gateway fetched for anticipatedNeeds (@requires) stay with the customer.
  return row ? Object.assign(toCustomer(row), requiredNeedsOf(reference)) : null;
}
