// ground_truth: who each generated person is and which legacy records are theirs. Kept apart
// from every legacy table: identity resolution never reads it; scoring and tests do.
import { copyLine } from '../../subgraphs/kit/database';
import { CASE_TAGS, World } from './model';
import { TableLoad } from './tables';

/** A PostgreSQL text[] literal; the tags are plain words with hyphens, nothing to quote. */
function textArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

function* personRows(world: World): Iterable<string> {
  for (const p of world.people) {
    const cases = CASE_TAGS.filter((tag) => p.cases.has(tag));
    yield copyLine([p.id, p.household, textArray(cases)]);
  }
}

/** Anonymous receipts and unidentified calls have no owner: they never appear here. */
function* ownerRows(world: World): Iterable<string> {
  for (const card of world.cards) yield copyLine(['store.card', card.num, card.person.id]);
  for (const account of world.accounts) yield copyLine(['ecommerce.customer', String(account.id), account.person.id]);
  for (const contact of world.contacts) yield copyLine(['callcentre.contact', String(contact.id), contact.person.id]);
  for (const mk of world.mkContacts) yield copyLine(['marketing.contact', mk.uuid, mk.person.id]);
}

export function truthLoads(world: World): TableLoad[] {
  return [
    {
      database: 'truth',
      table: 'person',
      columns: ['person_id', 'household_id', 'cases'],
      expectedRows: world.people.length,
      rows: () => personRows(world),
    },
    {
      database: 'truth',
      table: 'record_owner',
      columns: ['system', 'local_key', 'person_id'],
      expectedRows: world.cards.length + world.accounts.length + world.contacts.length + world.mkContacts.length,
      rows: () => ownerRows(world),
    },
  ];
}
