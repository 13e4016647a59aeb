// Customer.consents, consentFlags and profilingAllowed: the consent in force, computed by the hub
// from every channel's staged decisions (stage.ts) through the customer's links, one statement per
// batch of customers (customer.loaders.ts consentsInForce; the rule: in-force.sql.ts).
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { LegacySystem } from '../../../schema/common';
import { grantCode } from '../../kit/access/consent-check';
import { CONTACT_MEDIA, PURPOSES } from '../../kit/consent';
import { SubgraphContext } from '../../kit/subgraph';
import { CustomerLoaders } from '../customer.loaders';
import { Customer } from '../customer.type';
import { systemEnum } from '../identifier';
import { ConsentInForceRow } from './consent.repo';
import { ConsentFlag, ConsentInForce, ConsentPurpose, ConsentRecordRef, ConsentState, ContactMedium } from './consent.type';

type Context = SubgraphContext<CustomerLoaders>;

const PURPOSE_ENUM = Object.fromEntries(PURPOSES.map((p) => [p, p.toUpperCase() as ConsentPurpose])) as Record<string, ConsentPurpose>;
const MEDIUM_ENUM = Object.fromEntries(CONTACT_MEDIA.map((m) => [m, m.toUpperCase() as ContactMedium])) as Record<string, ContactMedium>;

function systemOf(system: string): LegacySystem {
  return systemEnum(system);
}

/** Every purpose × medium, in that order: the rows found, and "never asked" for the others. */
export function toConsents(rows: readonly ConsentInForceRow[]): ConsentInForce[] {
  const found = new Map(rows.map((row) => [`${row.purpose}|${row.medium}`, row]));
  return PURPOSES.flatMap((purpose) =>
    CONTACT_MEDIA.map((medium) => {
      const row = found.get(`${purpose}|${medium}`);
      return Object.assign(new ConsentInForce(), {
        purpose: PURPOSE_ENUM[purpose],
        channel: MEDIUM_ENUM[medium],
        granted: row?.granted ?? false,
        state: row ? (row.granted ? ConsentState.GRANTED : ConsentState.REFUSED) : ConsentState.NEVER_ASKED,
        decidedAt: row?.decided_at ?? null,
        sourceSystem: row ? systemOf(row.system) : null,
        source: row?.source ?? null,
        decidedByRecord: row ? Object.assign(new ConsentRecordRef(), { system: systemOf(row.system), localKey: row.local_key }) : null,
      });
    }),
  );
}

/**
 * Profiling is one use of the customer's data, whatever the medium a decision was collected on:
 * allowed only when a grant is in force on some medium and no refusal on any.
 */
export function profilingAllowedOf(rows: readonly ConsentInForceRow[]): boolean {
  const profiling = rows.filter((row) => row.purpose === 'profiling');
  return profiling.some((row) => row.granted) && profiling.every((row) => row.granted);
}

@Resolver(() => Customer)
export class CustomerConsentResolver {
  @FieldResolver(() => [ConsentInForce], {
    nullable: true,
    description:
      'The consent in force for every purpose × contact medium (4 × 4, purpose then medium order), each with the decision ' +
      'behind it: system, record, source and date. Read from every system’s explicit decisions through this customer’s ' +
      'links; a merge never weakens consent, and after a split each customer keeps its own records’ decisions.',
  })
  async consents(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<ConsentInForce[]> {
    return toConsents(await loaders.consentsInForce.load(customer.id));
  }

  @FieldResolver(() => [ConsentFlag], {
    nullable: true,
    description: 'The same as `consents` without provenance: for every purpose × contact medium, whether it is granted. For enforcement.',
  })
  async consentFlags(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<ConsentFlag[]> {
    return toConsents(await loaders.consentsInForce.load(customer.id)).map((consent) =>
      Object.assign(new ConsentFlag(), { purpose: consent.purpose, channel: consent.channel, granted: consent.granted }),
    );
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Whether this customer may be profiled (segments built from behaviour): a profiling grant in force on some medium and no profiling refusal on any.',
  })
  async profilingAllowed(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<boolean> {
    return profilingAllowedOf(await loaders.consentsInForce.load(customer.id));
  }

  // For enforcement by the channels (issue 11 item 2, kit/access/consent-check.ts): the same answers
  // as consentFlags and profilingAllowed, as internal scalars that a channel's Customer field
  // `@requires` (CONSENT_FIELDS); hidden from clients, like linkedRecords.
  @FieldResolver(() => [String], {
    nullable: true,
    description: 'Internal: the purpose × medium grants in force, as `purpose:medium` codes (`offers:email`); what channels enforce.',
  })
  @Directive('@inaccessible')
  async consentGrants(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<string[]> {
    const rows = await loaders.consentsInForce.load(customer.id);
    return rows.filter((row) => row.granted).map((row) => grantCode(row.purpose, row.medium));
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Internal: the same as profilingAllowed, for the channels to enforce.' })
  @Directive('@inaccessible')
  async profilingConsent(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<boolean> {
    return profilingAllowedOf(await loaders.consentsInForce.load(customer.id));
  }
}
