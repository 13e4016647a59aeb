// From hub rows to the API types of customer-profile.type.ts (no I/O here).
import { LegacySystem } from '../../schema/common';
import { BadUserInputError } from '../kit/errors';
import { isCustomerId } from './customers.repo';
import {
  CustomerListFilter,
  HouseholdMemberRow,
  IdentityRow,
  ProfileIdentifierRow,
  ProfileRecordRow,
} from './customer-profile.repo';
import {
  CustomerFilter,
  GoldenRecord,
  Household,
  HouseholdMember,
  HouseholdRole,
  IdentityLink,
  IdentityRecordStatus,
  SourcedName,
  SourcedValue,
  ValueSource,
} from './customer-profile.type';
import { Customer } from './customer.type';
import { systemEnum } from './identifier';
import { registry, systemOfValue } from '../channels';
import { isInvalid, normaliseName, normalisePostcode } from '../kit/identity/normalise';

const STATUS: Record<IdentityRow['record_status'], IdentityRecordStatus> = {
  active: IdentityRecordStatus.ACTIVE,
  closed: IdentityRecordStatus.CLOSED,
  deleted: IdentityRecordStatus.DELETED,
};

export function toIdentityLink(row: IdentityRow): IdentityLink {
  return Object.assign(new IdentityLink(), {
    system: systemEnum(row.system),
    localKey: row.local_key,
    rule: row.rule,
    evidence: JSON.stringify(row.evidence ?? {}),
    linkedAt: row.linked_at,
    decidedBy: row.decided_by,
    reason: row.reason,
    status: STATUS[row.record_status] ?? IdentityRecordStatus.ACTIVE,
    missingSince: row.missing_since,
  });
}

/** The systems knowing a customer, in the enum's order. */
export function systemsOf(rows: readonly { system: string }[]): LegacySystem[] {
  const systems = new Set(rows.map((row) => systemEnum(row.system)));
  // In the registry's order, whatever order the rows came in.
  return registry().legacySystems.map(systemEnum).filter((system) => systems.has(system));
}

export function toHousehold(rows: readonly HouseholdMemberRow[]): Household | null {
  if (rows.length === 0) return null;
  const members = rows.map((row) =>
    Object.assign(new HouseholdMember(), {
      customer: Object.assign(new Customer(), { id: row.member_id, createdAt: row.member_created_at }),
      role: row.role === 'holder' ? HouseholdRole.HOLDER : HouseholdRole.MEMBER,
      establishedBy: row.established_by,
      joinedAt: row.joined_at,
    }),
  );
  return Object.assign(new Household(), {
    id: rows[0].household_id,
    createdAt: rows[0].household_created_at,
    establishedBy: [...new Set(rows.flatMap((row) => row.established_by))].sort(),
    members,
  });
}

function sourceOf(row: { system: string; local_key: string; source_changed_at: Date | null }): ValueSource {
  return Object.assign(new ValueSource(), { system: systemEnum(row.system), localKey: row.local_key, asOf: row.source_changed_at });
}

function sourced(value: string, row: { system: string; local_key: string; source_changed_at: Date | null }): SourcedValue {
  return Object.assign(new SourcedValue(), { value, source: sourceOf(row) });
}

/** Rows come newest first (repo order): the lists keep that order. */
export function toGoldenRecord(records: readonly ProfileRecordRow[], identifiers: readonly ProfileIdentifierRow[]): GoldenRecord | null {
  if (records.length === 0 && identifiers.length === 0) return null;
  const names = records
    .filter((row) => row.given_name !== null || row.family_name !== null)
    .map((row) => Object.assign(new SourcedName(), {
      given: row.given_name,
      family: row.family_name,
      givenAsWritten: row.given_name_display,
      familyAsWritten: row.family_name_display,
      source: sourceOf(row),
    }));
  const postcodes = records.filter((row) => row.postcode !== null).map((row) => sourced(row.postcode as string, row));
  const birthDates = records.filter((row) => row.birth_date !== null).map((row) => sourced(row.birth_date as string, row));
  const emails = identifiers.filter((row) => row.kind === 'email').map((row) => sourced(row.value, row));
  const phones = identifiers.filter((row) => row.kind === 'phone').map((row) => sourced(row.value, row));
  const distinct = (values: string[]) => new Set(values).size > 1;
  const conflicts: string[] = [];
  if (distinct(names.map((n) => `${n.given ?? ''}|${n.family ?? ''}`))) conflicts.push('names');
  if (distinct(birthDates.map((v) => v.value))) conflicts.push('birthDates');
  if (distinct(postcodes.map((v) => v.value))) conflicts.push('postcodes');
  return Object.assign(new GoldenRecord(), { names, emails, phones, postcodes, birthDates, conflicts });
}


/** The filter in the hub's normalised forms; a malformed value is BAD_USER_INPUT saying why. */
export function listFilterOf(filter: CustomerFilter | null | undefined): CustomerListFilter {
  let name: string | null = null;
  if (filter?.name !== null && filter?.name !== undefined) {
    name = normaliseName(filter.name).join(' ');
    if (name === '') throw new BadUserInputError('"name" must contain letters', 'filter.name');
  }
  let postcode: string | null = null;
  if (filter?.postcode !== null && filter?.postcode !== undefined) {
    const normalised = normalisePostcode(filter.postcode);
    if (isInvalid(normalised)) throw new BadUserInputError(`Not a valid postcode: ${normalised.invalid}`, 'filter.postcode');
    postcode = normalised.value;
  }
  const householdId = filter?.householdId ?? null;
  if (householdId !== null && !isCustomerId(householdId)) {
    throw new BadUserInputError('"householdId" is a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e', 'filter.householdId');
  }
  return {
    name,
    postcode,
    system: filter?.system ? systemOfValue(filter.system) : null,
    hasHousehold: filter?.hasHousehold ?? null,
    householdId: householdId?.toLowerCase() ?? null,
  };
}
