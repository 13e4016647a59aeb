// `node dist/devtools/identity-diagnose-cli.js [--examples N]`: the missed and the wrong pairs of
// the hub's links against the generator's ground truth, by cause, with examples. A development
// tool (it reads the truth); run it after `npm run identity:score -- --both` (which leaves the
// databases holding the independent data set and its links).
// `--ceiling`: instead, the best recall any pairwise method could reach at precision ≥ 0.999 on the
// fields the resolver sees, from the comparison vectors of every candidate pair (identity-ceiling.ts).
import { openDatabase } from '../subgraphs/kit/database';
import { ceilingReport, ceilingVectors, formatCeiling } from './identity-ceiling';
import { provideDevelopmentDatabases } from './databases';

const TRUTH_SYSTEMS: Record<string, string> = {
  'store.card': 'store',
  'ecommerce.customer': 'ecommerce',
  'callcentre.contact': 'callcentre',
  'marketing.contact': 'marketing',
};

interface Rec {
  key: string;
  person: number;
  cases: string[];
  customer: string;
  rule: string;
  evidence: unknown;
  given: string | null;
  family: string | null;
  readings: string[];
  birth: string | null;
  postcode: string | null;
  ids: Map<string, string[]>;
}

async function main(): Promise<void> {
  const examples = Number(process.argv[process.argv.indexOf('--examples') + 1]) || 5;
  const databases = await provideDevelopmentDatabases(process.env, { truth: { create: false, why: 'diagnosis reads the truth' } });
  const hub = openDatabase({ name: 'customer', url: databases.urls.customer, max: 1, statementTimeoutMs: 10 * 60_000 });
  const truth = openDatabase({ name: 'truth', url: databases.urls.truth, max: 1 });
  try {
    const owners = await truth.query<{ system: string; local_key: string; person_id: number; cases: string[] }>(
      'SELECT o.system, o.local_key, o.person_id, p.cases FROM record_owner o JOIN person p ON p.person_id = o.person_id',
    );
    if (process.argv.includes('--ceiling')) {
      const mapped = owners.map((o) => ({ ...o, system: TRUTH_SYSTEMS[o.system] ?? o.system }));
      const { records, pairs, persons } = await hub.withTransaction((tx) => ceilingVectors(tx, mapped));
      for (const line of formatCeiling(ceilingReport(records, pairs, persons))) console.log(line);
      return;
    }
    const records = await hub.query<{
      system: string; local_key: string; given_name: string | null; family_name: string | null; name_readings: string[];
      birth_date: string | null; postcode: string | null; customer_id: string | null; rule: string | null; evidence: unknown;
    }>(
      `SELECT r.system, r.local_key, r.given_name, r.family_name, r.name_readings, r.birth_date::text, r.postcode,
              l.customer_id::text, l.rule, l.evidence
         FROM identity_record r LEFT JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL`,
    );
    const ids = await hub.query<{ system: string; local_key: string; kind: string; value: string }>(
      `SELECT system, local_key, kind, value FROM identity_identifier WHERE kind IN ('email', 'phone', 'card', 'ecommerce_account', 'address', 'email_loose')`,
    );
    const reviews = await hub.query<{ a: string; b: string; held_because: string; weight: number; fields: unknown }>(
      `SELECT system || ':' || local_key AS a, other_system || ':' || other_local_key AS b, held_because, weight, fields
         FROM identity_review WHERE status = 'pending'`,
    );
    const byKey = new Map<string, Rec>();
    for (const r of records) {
      byKey.set(`${r.system}:${r.local_key}`, {
        key: `${r.system}:${r.local_key}`, person: -1, cases: [], customer: r.customer_id ?? `none:${r.system}:${r.local_key}`,
        rule: r.rule ?? '-', evidence: r.evidence, given: r.given_name, family: r.family_name, readings: r.name_readings,
        birth: r.birth_date, postcode: r.postcode, ids: new Map(),
      });
    }
    for (const i of ids) {
      const rec = byKey.get(`${i.system}:${i.local_key}`);
      if (!rec) continue;
      rec.ids.set(i.kind, [...(rec.ids.get(i.kind) ?? []), i.value]);
    }
    const byPerson = new Map<number, Rec[]>();
    for (const o of owners) {
      const rec = byKey.get(`${TRUTH_SYSTEMS[o.system] ?? o.system}:${o.local_key.trim()}`);
      if (!rec) continue;
      rec.person = o.person_id;
      rec.cases = o.cases ?? [];
      byPerson.set(o.person_id, [...(byPerson.get(o.person_id) ?? []), rec]);
    }
    const review = new Map<string, { held_because: string; weight: number; fields: unknown }>();
    for (const r of reviews) {
      review.set(`${r.a}\u0000${r.b}`, r);
      review.set(`${r.b}\u0000${r.a}`, r);
    }
    const shared = (a: Rec, b: Rec, kinds: string[]): string[] =>
      kinds.filter((k) => (a.ids.get(k) ?? []).some((v) => (b.ids.get(k) ?? []).includes(v)));
    const named = (r: Rec): boolean => r.readings.length > 0;
    const overlap = (a: Rec, b: Rec): boolean => a.readings.some((x) => b.readings.includes(x));
    const causes = new Map<string, { n: number; examples: string[] }>();
    const count = (cause: string, example: string): void => {
      const c = causes.get(cause) ?? { n: 0, examples: [] };
      c.n += 1;
      if (c.examples.length < examples) c.examples.push(example);
      causes.set(cause, c);
    };
    const show = (r: Rec): string =>
      `${r.key} [${r.given ?? ''}|${r.family ?? ''}] b=${r.birth ?? '-'} pc=${r.postcode ?? '-'} ids=${JSON.stringify(Object.fromEntries(r.ids))} rule=${r.rule}`;
    let missed = 0;
    for (const recs of byPerson.values()) {
      for (let i = 0; i < recs.length; i += 1) {
        for (let j = i + 1; j < recs.length; j += 1) {
          const a = recs[i];
          const b = recs[j];
          if (a.customer === b.customer) continue;
          missed += 1;
          const linking = shared(a, b, ['email', 'phone', 'card', 'ecommerce_account']);
          const rv = review.get(`${a.key}\u0000${b.key}`);
          let cause: string;
          const nameRel = !named(a) || !named(b) ? 'nameless' : overlap(a, b) ? 'names_agree' : 'names_differ';
          const birthRel = !a.birth || !b.birth ? 'birth_missing' : a.birth === b.birth ? 'birth_agree' : 'birth_differ';
          if (linking.length > 0) cause = `shared ${linking.join('+')}: ${nameRel}, ${birthRel}`;
          else if (rv) cause = `review ${rv.held_because}: ${nameRel}, ${birthRel}`;
          else {
            const pc = a.postcode && b.postcode ? (a.postcode === b.postcode ? 'pc_agree' : 'pc_differ') : 'pc_missing';
            const addr = shared(a, b, ['address', 'email_loose']);
            cause = `no pair: ${nameRel}, ${birthRel}, ${pc}${addr.length ? ` +${addr.join('+')}` : ''}`;
          }
          count(`missed ${cause}`, `${a.cases.join(',')}\n      ${show(a)}\n      ${show(b)}${rv ? `\n      review w=${rv.weight} ${JSON.stringify(rv.fields)}` : ''}`);
        }
      }
    }
    // Wrong pairs: one customer, several people.
    const byCustomer = new Map<string, Rec[]>();
    for (const rec of byKey.values()) if (rec.person >= 0) byCustomer.set(rec.customer, [...(byCustomer.get(rec.customer) ?? []), rec]);
    let wrong = 0;
    for (const recs of byCustomer.values()) {
      for (let i = 0; i < recs.length; i += 1) {
        for (let j = i + 1; j < recs.length; j += 1) {
          const a = recs[i];
          const b = recs[j];
          if (a.person === b.person) continue;
          wrong += 1;
          count(`wrong rule ${a.rule}/${b.rule}`, `${a.cases.join(',')} / ${b.cases.join(',')}\n      ${show(a)}\n      ${show(b)}\n      ${JSON.stringify(a.evidence)}\n      ${JSON.stringify(b.evidence)}`);
        }
      }
    }
    // Pending review pairs: how many are truly one person, by why they were held and their levels.
    const held = new Map<string, { same: number; other: number }>();
    for (const r of reviews) {
      const a = byKey.get(r.a);
      const b = byKey.get(r.b);
      if (!a || !b || a.person < 0 || b.person < 0) continue;
      const f = r.fields as Record<string, { level: string }>;
      const street = shared(a, b, ['address']).length > 0 ? 'street' : (a.ids.get('address') && b.ids.get('address')) ? 'street_differs' : 'street_missing';
      const k = `${r.held_because} name=${f.name.level} birth=${f.birth_date.level} pc=${f.postcode.level} ${street}`;
      const c = held.get(k) ?? { same: 0, other: 0 };
      if (a.person === b.person) c.same += 1;
      else {
        c.other += 1;
        if (process.env.SHOW_HELD && k.includes(process.env.SHOW_HELD)) console.log(`held wrong ${k}\n  ${a.cases} / ${b.cases}\n  ${show(a)}\n  ${show(b)}`);
      }
      held.set(k, c);
    }
    console.log('review pairs: same person / two people');
    for (const [k, c] of [...held].sort((x, y) => y[1].same + y[1].other - x[1].same - x[1].other)) console.log(`${String(c.same).padStart(6)} ${String(c.other).padStart(6)}  ${k}`);
    // Pairs in two customers with one name, one street address, a birth date missing on a side:
    // how many are one person, by what their phones and components say.
    const byAddress = new Map<string, Rec[]>();
    for (const rec of byKey.values()) for (const a of rec.ids.get('address') ?? []) byAddress.set(a, [...(byAddress.get(a) ?? []), rec]);
    const street = new Map<string, { same: number; other: number }>();
    const seen = new Set<string>();
    const compOf = new Map<string, Rec[]>();
    for (const rec of byKey.values()) compOf.set(rec.customer, [...(compOf.get(rec.customer) ?? []), rec]);
    for (const recs of byAddress.values()) {
      for (let i = 0; i < recs.length; i += 1) {
        for (let j = i + 1; j < recs.length; j += 1) {
          const a = recs[i];
          const b = recs[j];
          if (a.customer === b.customer || a.person < 0 || b.person < 0 || !overlap(a, b) || (a.birth && b.birth)) continue;
          const pk = [a.key, b.key].sort().join('|');
          if (seen.has(pk)) continue;
          seen.add(pk);
          const ca = compOf.get(a.customer) ?? [a];
          const cb = compOf.get(b.customer) ?? [b];
          const phones = (c: Rec[]): string[] => c.flatMap((r) => r.ids.get('phone') ?? []);
          const births = (c: Rec[]): string[] => c.flatMap((r) => (r.birth ? [r.birth] : []));
          const pa = phones(ca);
          const pb = phones(cb);
          const phone = pa.length && pb.length ? (pa.some((x) => pb.includes(x)) ? 'phone_shared' : 'phones_differ') : 'phone_missing';
          const ba = births(ca);
          const bb = births(cb);
          const birth = ba.length && bb.length ? (ba.some((x) => bb.includes(x)) ? 'comp_birth_agree' : 'comp_birth_differ') : 'comp_birth_missing';
          const namesakes = recs.filter((r) => r !== a && r !== b && (overlap(r, a) || overlap(r, b)) && r.birth).map((r) => r.birth);
          const ns = new Set([...namesakes, ...ba, ...bb]).size > 1 ? 'address_namesakes' : 'no_namesakes';
          const k = `${phone} ${birth} ${ns}`;
          const c = street.get(k) ?? { same: 0, other: 0 };
          if (a.person === b.person) c.same += 1;
          else c.other += 1;
          street.set(k, c);
        }
      }
    }
    console.log('name + street, a birth date missing, two customers: same person / two people');
    for (const [k, c] of [...street].sort((x, y) => y[1].same + y[1].other - x[1].same - x[1].other)) console.log(`${String(c.same).padStart(6)} ${String(c.other).padStart(6)}  ${k}`);
    console.log(`missed pairs ${missed}, wrong pairs ${wrong}`);
    for (const [cause, c] of [...causes].sort((x, y) => y[1].n - x[1].n)) {
      console.log(`${String(c.n).padStart(6)}  ${cause}`);
      for (const e of c.examples) console.log(`    - ${e}`);
    }
  } finally {
    await hub.close();
    await truth.close();
    await databases.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
