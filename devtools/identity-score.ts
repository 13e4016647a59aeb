// Scoring the hub's links against the data generator's ground truth, pairwise: every two records
// the truth knows form a pair; the links predict "same person" when both records are linked to one
// customer, the truth says so when both belong to one person.
//   precision = correct pairs / predicted pairs   (a wrong pair is a privacy incident)
//   recall    = correct pairs / true pairs
// A development tool: only this module and the tests read the truth; resolution never does.
import { openDatabase } from '../subgraphs/kit/database';
import type { LegacySystem } from '../subgraphs/kit/databases';
import type { DevelopmentUrls } from './databases';

/** Truth `record_owner.system` → hub `identity_link.system`. */
const TRUTH_SYSTEMS: Record<string, LegacySystem> = {
  'store.card': 'store',
  'ecommerce.customer': 'ecommerce',
  'callcentre.contact': 'callcentre',
  'marketing.contact': 'marketing',
};

export interface CaseScore {
  people: number;
  /** Predicted pairs joining one of this case's people to somebody else. */
  wrongPairs: number;
  /** Same-person pairs of this case's people that the links missed. */
  missedPairs: number;
}

export interface ScoreReport {
  precision: number;
  recall: number;
  predictedPairs: number;
  correctPairs: number;
  truePairs: number;
  /** Records the truth knows, and how many of them have a link in force. */
  records: number;
  linkedRecords: number;
  people: number;
  customers: number;
  byCase: Record<string, CaseScore>;
  /** Same measures over people who share a home (truth household_id vs hub household). */
  households: { precision: number; recall: number; predictedPairs: number; truePairs: number };
}

interface TruthRow {
  system: string;
  local_key: string;
  person_id: number;
  household_id: number | null;
  cases: string[];
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

function countBy<K>(keys: Iterable<K>): Map<K, number> {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

export async function scoreIdentities(urls: Pick<DevelopmentUrls, 'customer' | 'truth'>): Promise<ScoreReport> {
  const hub = openDatabase({ name: 'customer', url: urls.customer, max: 1, statementTimeoutMs: 5 * 60_000 });
  const truth = openDatabase({ name: 'truth', url: urls.truth, max: 1, statementTimeoutMs: 5 * 60_000 });
  try {
    const links = await hub.query<{ system: string; local_key: string; customer_id: string; household_id: string | null }>(
      `SELECT l.system, l.local_key, l.customer_id::text AS customer_id, m.household_id::text AS household_id
         FROM identity_link l
         LEFT JOIN household_member m ON m.customer_id = l.customer_id AND m.left_at IS NULL
        WHERE l.unlinked_at IS NULL`,
    );
    const owners = await truth.query<TruthRow>(
      `SELECT o.system, o.local_key, o.person_id, p.household_id, p.cases
         FROM record_owner o JOIN person p ON p.person_id = o.person_id`,
    );
    return score(links, owners);
  } finally {
    await hub.close();
    await truth.close();
  }
}

export function score(
  links: readonly { system: string; local_key: string; customer_id: string; household_id: string | null }[],
  owners: readonly TruthRow[],
): ScoreReport {
  const linkOf = new Map(links.map((link) => [`${link.system}:${link.local_key}`, link]));
  const people = new Map<number, { cases: string[]; household: number | null }>();
  // A record without a link is a customer of its own: it is in no predicted pair.
  const scored = owners.map((owner, index) => {
    const system = TRUTH_SYSTEMS[owner.system] ?? owner.system;
    const link = linkOf.get(`${system}:${owner.local_key.trim()}`);
    people.set(owner.person_id, { cases: owner.cases ?? [], household: owner.household_id });
    return {
      person: owner.person_id,
      customer: link?.customer_id ?? `unlinked:${index}`,
      household: link?.household_id ?? null,
      linked: Boolean(link),
    };
  });

  const byCustomer = countBy(scored.map((record) => record.customer));
  const byPerson = countBy(scored.map((record) => record.person));
  const byBoth = countBy(scored.map((record) => `${record.customer}\u0000${record.person}`));
  const predictedPairs = [...byCustomer.values()].reduce((sum, n) => sum + pairs(n), 0);
  const truePairs = [...byPerson.values()].reduce((sum, n) => sum + pairs(n), 0);
  const correctPairs = [...byBoth.values()].reduce((sum, n) => sum + pairs(n), 0);

  // Per case: wrong pairs touching a person of the case, missed pairs of a person of the case.
  const byCase: Record<string, CaseScore> = {};
  const caseOf = (tag: string): CaseScore => (byCase[tag] ??= { people: 0, wrongPairs: 0, missedPairs: 0 });
  for (const { cases } of people.values()) for (const tag of cases.length ? cases : ['(none)']) caseOf(tag).people += 1;
  const correctOfPerson = new Map<number, number>();
  const peopleOfCustomer = new Map<string, Map<number, number>>();
  for (const [key, n] of byBoth) {
    const [customer, person] = key.split('\u0000');
    correctOfPerson.set(Number(person), (correctOfPerson.get(Number(person)) ?? 0) + pairs(n));
    const inCustomer = peopleOfCustomer.get(customer) ?? new Map<number, number>();
    inCustomer.set(Number(person), n);
    peopleOfCustomer.set(customer, inCustomer);
  }
  for (const [person, n] of byPerson) {
    const missed = pairs(n) - (correctOfPerson.get(person) ?? 0);
    if (missed === 0) continue;
    const cases = people.get(person)?.cases ?? [];
    for (const tag of cases.length ? cases : ['(none)']) caseOf(tag).missedPairs += missed;
  }
  for (const inCustomer of peopleOfCustomer.values()) {
    if (inCustomer.size < 2) continue;
    const total = [...inCustomer.values()].reduce((sum, n) => sum + n, 0);
    for (const [person, n] of inCustomer) {
      const wrong = n * (total - n);
      const cases = people.get(person)?.cases ?? [];
      for (const tag of cases.length ? cases : ['(none)']) caseOf(tag).wrongPairs += wrong;
    }
  }

  // Households, person by person: a person is in the hub household most of their records' customers are in.
  const hubHouseholdOf = new Map<number, string>();
  const votes = countBy(scored.filter((r) => r.household).map((r) => `${r.person}\u0000${r.household}`));
  const best = new Map<number, number>();
  for (const [key, n] of votes) {
    const [person, household] = key.split('\u0000');
    if (n > (best.get(Number(person)) ?? 0)) {
      best.set(Number(person), n);
      hubHouseholdOf.set(Number(person), household);
    }
  }
  const truthHouseholds = countBy([...people.values()].filter((p) => p.household !== null).map((p) => p.household));
  const hubHouseholds = countBy(hubHouseholdOf.values());
  const bothHouseholds = countBy(
    [...people.entries()]
      .filter(([id, p]) => p.household !== null && hubHouseholdOf.has(id))
      .map(([id, p]) => `${p.household}\u0000${hubHouseholdOf.get(id)}`),
  );
  const hhTrue = [...truthHouseholds.values()].reduce((sum, n) => sum + pairs(n), 0);
  const hhPredicted = [...hubHouseholds.values()].reduce((sum, n) => sum + pairs(n), 0);
  const hhCorrect = [...bothHouseholds.values()].reduce((sum, n) => sum + pairs(n), 0);

  return {
    precision: predictedPairs === 0 ? 1 : correctPairs / predictedPairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
    predictedPairs,
    correctPairs,
    truePairs,
    records: scored.length,
    linkedRecords: scored.filter((record) => record.linked).length,
    people: people.size,
    customers: byCustomer.size,
    byCase,
    households: {
      precision: hhPredicted === 0 ? 1 : hhCorrect / hhPredicted,
      recall: hhTrue === 0 ? 1 : hhCorrect / hhTrue,
      predictedPairs: hhPredicted,
      truePairs: hhTrue,
    },
  };
}

/** Four decimals, rounded down: a score printed must never look better than it is. */
export function formatRatio(value: number): string {
  return (Math.floor(value * 10_000) / 10_000).toFixed(4);
}
