import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { IdentifierKind, LinkedRecords } from '../../schema/common';
import { identifierLookup } from './identifier';
import { IdentifierMatch } from './identifier-match.type';
import { customersByIdentifier } from './identifiers.repo';
import { SubgraphContext } from '../kit/subgraph';
import { CustomerLoaders, toCustomer } from './customer.loaders';
import { Customer } from './customer.type';

type Context = SubgraphContext<CustomerLoaders>;

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: 'A customer by hub id; null when there is none.' })
  async customer(@Arg('id', () => ID) id: string, @Ctx() { loaders }: Context): Promise<Customer | null> {
    const row = await loaders.customer.load(id);
    return row ? toCustomer(row) : null;
  }

  @Query(() => IdentifierMatch, {
    description:
      'Who is known by an identifier, in any spelling: an e-mail in any case or with spaces, a phone as ' +
      '06 12 34 56 78, 0612345678 or +33612345678, a card with or without spaces, an account or contact id. ' +
      'A malformed value is a BAD_USER_INPUT error saying what is wrong.',
  })
  async customerByIdentifier(
    @Arg('kind', () => IdentifierKind) kind: IdentifierKind,
    @Arg('value', () => String) value: string,
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

  @FieldResolver(() => LinkedRecords)
  async linkedRecords(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<LinkedRecords> {
    const links = await loaders.activeLinks.load(customer.id);
    const keys = (system: string): string[] => links.filter((link) => link.system === system).map((link) => link.local_key);
    return Object.assign(new LinkedRecords(), {
      loyaltyCards: keys('store'),
      webAccounts: keys('ecommerce'),
      callcentreContacts: keys('callcentre'),
      marketingContacts: keys('marketing'),
    });
  }
}

/** Resolves `Customer` references from other subgraphs, one query per `_entities` batch. */
export async function resolveCustomerReference(reference: { id: string }, { loaders }: Context): Promise<Customer | null> {
  const row = await loaders.customer.load(reference.id);
  return row ? toCustomer(row) : null;
}
