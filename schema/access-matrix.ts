// The access matrix, a committed artifact like the supergraph: every field a client can ask for ×
// every role → allowed, allowed on their own data only, or refused. Generated from the subgraphs'
// policy tables (subgraphs/<name>/<name>.policy.ts) and the role × class table
// (subgraphs/kit/access/policy.ts) by `npm run compose`; a test fails when it is stale, so a policy
// change is reviewed as a diff of this file.
import 'reflect-metadata';
import fs from 'node:fs';
import { GraphQLSchema, isNonNullType, isObjectType } from 'graphql';
import { registry } from '../subgraphs/channels';
import { ConsentCondition, describeCondition } from '../subgraphs/kit/access/consent-check';
import { consentConditionsOf, DATA_CLASSES, DataClass, OPEN_CLASSES, refusable, ROLE_GRANTS, serviceScopeFor } from '../subgraphs/kit/access/policy';
import { ROLES, Role } from '../subgraphs/kit/access/principal';
import { projectPath } from '../subgraphs/kit/databases';
import { buildFederatedSchema } from '../subgraphs/kit/subgraph';

export const ACCESS_MATRIX_FILE = projectPath('schema', 'access-matrix.md');

export interface FieldDecision {
  /** `Type.field` as clients see it. */
  field: string;
  typeName: string;
  dataClass: DataClass;
  nullable: boolean;
  /** The subgraphs that resolve it (several for shared types: Money, PageInfo, entity keys). */
  subgraphs: string[];
  /** The consent condition its policy carries (issue 11 item 2), if any. */
  consent?: ConsentCondition;
}

const FEDERATION_TYPES = new Set(['_Service', '_Any', '_Entity']);
const FEDERATION_FIELDS = new Set(['_entities', '_service']);

function inaccessible(node: { directives?: readonly { name: { value: string } }[] } | null | undefined): boolean {
  return node?.directives?.some((directive) => directive.name.value === 'inaccessible') ?? false;
}

/** Client-visible object fields of one subgraph schema (no federation internals, no @inaccessible). */
function objectFields(schema: GraphQLSchema): { typeName: string; field: string; nullable: boolean; hidden: boolean }[] {
  const fields: { typeName: string; field: string; nullable: boolean; hidden: boolean }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || FEDERATION_TYPES.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (FEDERATION_FIELDS.has(field.name)) continue;
      fields.push({
        typeName: type.name,
        field: field.name,
        nullable: !isNonNullType(field.type),
        hidden: inaccessible(type.astNode) || inaccessible(field.astNode),
      });
    }
  }
  return fields;
}

/**
 * Every client-visible field with its one data class. Throws when subgraphs that share a field
 * give it different classes (one field, one decision).
 */
export async function collectDecisions(): Promise<FieldDecision[]> {
  const byField = new Map<string, FieldDecision>();
  const disagreements: string[] = [];
  const schemas = await Promise.all(registry().definitions.map(async (definition) => ({ definition, fields: objectFields(await buildFederatedSchema(definition)) })));
  // @inaccessible in one subgraph hides the field (or type) from clients in the supergraph.
  const hidden = new Set(schemas.flatMap(({ fields }) => fields.filter((f) => f.hidden).map((f) => `${f.typeName}.${f.field}`)));
  for (const { definition, fields } of schemas) {
    for (const { typeName, field, nullable } of fields) {
      if (hidden.has(`${typeName}.${field}`)) continue;
      const name = `${typeName}.${field}`;
      const dataClass = definition.policy[typeName]?.[field];
      if (!dataClass) throw new Error(`${name} has no access decision in the ${definition.name} subgraph`);
      const consent = consentConditionsOf(definition.policy)[typeName]?.[field];
      const known = byField.get(name);
      if (!known) {
        byField.set(name, { field: name, typeName, dataClass, nullable, subgraphs: [definition.name], ...(consent ? { consent } : {}) });
        continue;
      }
      if (consent || known.consent) disagreements.push(`${name}: a consent condition on a field several subgraphs serve`);
      if (known.dataClass !== dataClass) disagreements.push(`${name}: ${known.subgraphs.join(', ')} say ${known.dataClass}, ${definition.name} says ${dataClass}`);
      known.subgraphs.push(definition.name);
      known.nullable = known.nullable && nullable;
    }
  }
  if (disagreements.length) throw new Error(`Subgraphs disagree on fields they share:\n  ${disagreements.join('\n  ')}`);
  return [...byField.values()].sort((a, b) => (a.field < b.field ? -1 : 1));
}

/**
 * One cell: ✓ allowed, own (a customer's own data, through `me`), consent (only as the field's consent
 * condition allows; without one, refused), – refused; a field with a consent condition adds
 * `if consent(…)` where the condition binds the role (consent-check.ts).
 */
export function cell(role: Role, decision: { dataClass: DataClass; subgraphs: readonly string[]; consent?: ConsentCondition }): string {
  if (OPEN_CLASSES.has(decision.dataClass)) return '✓';
  const base = classCell(role, decision);
  const condition = decision.consent;
  if (!condition || base === '–') return base;
  if (condition.kind === 'profiling') {
    // The customer themself and the privacy officer read it whatever the consent.
    if (role === 'privacy_officer' || role === 'customer') return base;
    return `${base} if ${describeCondition(condition)}`;
  }
  // Contact conditions bind the roles whose contact grant is 'consent'.
  return base === 'consent' ? describeCondition(condition) : base;
}

function classCell(role: Role, decision: { dataClass: DataClass; subgraphs: readonly string[]; consent?: ConsentCondition }): string {
  if (role === 'service') {
    const scopes = [...new Set(decision.subgraphs.map((subgraph) => serviceScopeFor(decision.dataClass, subgraph)).filter(Boolean))];
    return scopes.length ? scopes.join(' or ') : '–';
  }
  const grant = ROLE_GRANTS[role][decision.dataClass];
  return grant === 'yes' ? '✓' : grant ?? '–';
}

/**
 * Fields a role can be refused on a type it can otherwise see, that are not nullable: one refusal
 * would then null their parent and lose the rest of the answer.
 */
export function nullabilityProblems(decisions: readonly FieldDecision[]): string[] {
  const byType = new Map<string, FieldDecision[]>();
  for (const decision of decisions) byType.set(decision.typeName, [...(byType.get(decision.typeName) ?? []), decision]);
  const problems: string[] = [];
  for (const role of ROLES) {
    for (const [typeName, fields] of byType) {
      const sees = fields.some((f) => !refusable(role, f.dataClass, typeName));
      if (!sees) continue;
      for (const f of fields) {
        const byConsent = f.consent !== undefined && role !== 'privacy_officer';
        if (!f.nullable && (byConsent || refusable(role, f.dataClass, typeName))) problems.push(`${f.field} (${f.dataClass}) can be refused to ${role} but is non-null`);
      }
    }
  }
  return problems;
}

export async function renderAccessMatrix(): Promise<string> {
  const decisions = await collectDecisions();
  const header = `| field | class | ${ROLES.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(ROLES.length + 2)}`;
  const rows = decisions.map((d) => `| ${d.field} | ${d.dataClass} | ${ROLES.map((role) => cell(role, d)).join(' | ')} |`);
  const classes = (Object.entries(DATA_CLASSES) as [DataClass, string][]).map(
    ([name, meaning]) => `| ${name} | ${meaning} | ${ROLES.map((role) => cell(role, { dataClass: name, subgraphs: ['‹subgraph›'] })).join(' | ')} |`,
  );
  return [
    '<!-- GENERATED by `npm run compose` from subgraphs/*/*.policy.ts and subgraphs/kit/access/policy.ts — do not edit. -->',
    '<!-- A test fails when this file differs from what the policies generate. -->',
    '# Access matrix',
    '',
    'Who may read each field a client can ask for. ✓ allowed; **own**: a customer, on their own data only, reached',
    'through `me` (refused on every root field and on any other customer); **consent**: only through a customer field',
    'whose consent condition holds (below), and on the records it returned; refused elsewhere; **read:‹subgraph›**: a',
    'service token with that scope; – refused (`null` with a `FORBIDDEN` error naming the field; the rest of the answer',
    'is kept).',
    '',
    'Consent conditions (subgraphs/kit/access/consent-check.ts; README “Consent enforced at read”), read from the',
    'hub’s consent in force: **if consent(profiling)**: only when the customer’s profiling consent is in force (the',
    'customer themself and the privacy officer read it whatever the consent); **consent(email)**, **consent(sms|phone)**,',
    '**consent(post)**: for the marketing role, only when that medium’s consent is granted for the declared purpose',
    '(`x-purpose`: offers, newsletter or partners), or for any of them when none is declared.',
    '',
    '## Classes',
    '',
    `| class | what it holds | ${ROLES.join(' | ')} |`,
    `|${' --- |'.repeat(ROLES.length + 2)}`,
    ...classes,
    '',
    '## Fields',
    '',
    header,
    rule,
    ...rows,
    '',
  ].join('\n');
}

export function readCommittedAccessMatrix(): string | undefined {
  return fs.existsSync(ACCESS_MATRIX_FILE) ? fs.readFileSync(ACCESS_MATRIX_FILE, 'utf8') : undefined;
}
