// `npm run bench:identity -- --people N [--inserts K] [--freshness-only]`: identity resolution at scale, the
// probabilistic tier included (issue 12 item 4).
//   1. Bulk: a full resolution (resolveIdentities) over a generated data set of N people, timed, with
//      its steps and the tier's figures (candidate pairs, auto-links, review queue, λ).
//   2. Freshness: the hub's watchers run as `npm start` runs them (startWatchers: identity and
//      journal passes every WATCH_INTERVAL_MS); K new web accounts are written to the legacy web
//      shop one after the other, each a person already known by a loyalty card (same name, birth date
//      and postcode, no shared e-mail, phone or card: only the probabilistic tier can link them), and
//      the time from the legacy insert to the hub's link is measured (p50, p95, max).
// Data: an embedded PostgreSQL of its own in .data/identity-bench-<N>/ (generated on first use, seed 42).
import 'reflect-metadata';
import path from 'node:path';
import { registry } from '../../subgraphs/channels';
import { Database, openDatabase } from '../../subgraphs/kit/database';
import { provideDevelopmentDatabases, prepareDevelopmentDatabases } from '../../devtools/databases';
import { generateDataSet } from '../../devtools/data/generate';
import { resolveIdentities } from '../../subgraphs/customer/identity/resolve';
import { startWatchers } from '../../subgraphs/customer/watchers';
import type { ResolutionReport } from '../../subgraphs/customer/identity/resolve';
import { percentile } from './stats';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

async function reportBulk(hub: Database, bulk: ResolutionReport): Promise<void> {
  const tier = bulk.probabilistic;
  console.log(
    `bulk resolution: ${bulk.recordsRead} records (${bulk.recordsPerSecond}/s) in ${bulk.seconds.toFixed(1)} s, ` +
      `${bulk.customers} customers, ${bulk.hubStatements} hub statements`,
  );
  console.log(`  steps (s): ${Object.entries(bulk.stepSeconds).map(([step, s]) => `${step} ${s}`).join(', ')}`);
  if (tier) {
    console.log(
      `  probabilistic tier (within 'customers'): ${tier.candidatePairs} candidate pairs, ${tier.autoLinks} auto-links, ` +
        `${tier.heldByConflict} held by a conflict, ${tier.review} for review, λ ${tier.lambda?.toExponential(2)}`,
    );
  }
  const parameters = await hub.query<{ field: string; level: string; m: number; u: number; weight: number }>(
    'SELECT field, level, m, u, weight FROM identity_match_parameter WHERE run_id = $1 ORDER BY field, weight DESC',
    [bulk.runId],
  );
  for (const p of parameters) console.log(`  ${p.field.padEnd(10)} ${p.level.padEnd(9)} m ${p.m.toFixed(4)} u ${p.u.toExponential(2)} weight ${p.weight.toFixed(2)}`);
}

async function main(): Promise<void> {
  const people = option('--people', 10_000);
  const inserts = option('--inserts', 20);
  const dataDir = path.resolve('.data', `identity-bench-${people}`, 'postgres');
  const databases = await provideDevelopmentDatabases({ ...process.env, EMBEDDED_POSTGRES_DIR: dataDir }, { truth: { why: 'the generator writes it', create: true } });
  const urls = databases.urls;
  // The watchers' first passes at 100,000 people (the journal's backfill, consent) keep this
  // process's event loop busy for seconds at a time: the bench's own connections wait longer than
  // the default 5 s for a connection rather than fail.
  const hub = openDatabase({ name: 'customer', url: urls.customer, max: 2, connectionTimeoutMs: 60_000 });
  const ecommerce = openDatabase({ name: 'ecommerce', url: urls.ecommerce, max: 1, connectionTimeoutMs: 60_000 });
  const store = openDatabase({ name: 'store', url: urls.store, max: 1 });
  try {
    const [{ cards }] = await store.query<{ cards: number }>('SELECT count(*)::int AS cards FROM "CARTE_FIDELITE"');
    if (cards === 0) {
      console.log(`generating ${people} people into ${dataDir} …`);
      await prepareDevelopmentDatabases(urls);
      const generated = await generateDataSet({ urls, people, seed: 42 });
      console.log(`generated ${generated.totalRows} rows in ${generated.seconds.toFixed(1)} s`);
    }
    console.log(`legacy systems: ${registry().legacySystems.join(', ')}; ${people} people`);

    // --freshness-only: skip the bulk run (its data dir was resolved by an earlier run of the bench).
    const bulk = process.argv.includes('--freshness-only') ? null : await resolveIdentities(urls);
    if (bulk) await reportBulk(hub, bulk);

    // Known people (a card with a name, birth date and postcode) to come back as a new web account.
    const known = await hub.query<{ local_key: string; given: string; family: string; birth: string; postcode: string; customer_id: string }>(
      `SELECT r.local_key, r.given_name_display AS given, r.family_name_display AS family, r.birth_date::text AS birth, r.postcode,
              l.customer_id::text
         FROM identity_record r JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL
        WHERE r.system = 'store' AND r.birth_date IS NOT NULL AND r.postcode IS NOT NULL
          AND r.given_name_display IS NOT NULL AND r.family_name_display IS NOT NULL
        ORDER BY md5(r.local_key) LIMIT $1`,
      [inserts],
    );
    // Each identity pass, when it started and ended (the freshness' stages: waiting for a pass to
    // notice the insert, then the pass itself, step by step).
    const passes: { start: number; end: number; report: ResolutionReport }[] = [];
    const watchers = startWatchers(urls, undefined, {
      onIdentityPass(report) {
        const end = Date.now();
        passes.push({ start: end - report.seconds * 1000, end, report });
      },
    });
    const times: number[] = [];
    const waits: number[] = [];
    const passTimes: number[] = [];
    const linkingSteps: Record<string, number>[] = [];
    let attributed = -1;
    let sameCustomer = 0;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const [i, person] of known.entries()) {
        const started = Date.now();
        const [{ id }] = await ecommerce.query<{ id: number }>(
          `INSERT INTO customers (email, password_hash, first_name, last_name, phone, birth_date, newsletter, created_at, updated_at)
           VALUES ($1, 'x', $2, $3, NULL, $4, false, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING id`,
          [`bench.${Date.now()}.${i}@example.invalid`, person.given, person.family, person.birth],
        );
        await ecommerce.query(
          `INSERT INTO addresses (customer_id, kind, line1, line2, postcode, city, country, is_default)
           VALUES ($1, 'billing', '1 rue du Banc', '', $2, 'Ville', 'FR', true)`,
          [id, person.postcode],
        );
        let linked: string | null = null;
        while (!linked && Date.now() - started < 30_000) {
          const [row] = await hub.query<{ customer_id: string }>(
            "SELECT customer_id::text FROM identity_link WHERE system = 'ecommerce' AND local_key = $1 AND unlinked_at IS NULL",
            [String(id)],
          );
          if (row) linked = row.customer_id;
          else await new Promise((resolve) => setTimeout(resolve, 20));
        }
        if (!linked) throw new Error(`web account ${id} was not linked within 30 s`);
        const linkedAt = Date.now();
        times.push(linkedAt - started);
        // The pass that linked it: the first one to make links after the one that linked the
        // previous record (a pass re-reading old records makes none).
        // (Its report comes just after its commit: wait for it, after the time was taken.)
        while (!passes.some((p, k) => k > attributed && p.report.linksMade > 0) && Date.now() - linkedAt < 2000) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const at = passes.findIndex((p, k) => k > attributed && p.end >= started && p.report.linksMade > 0);
        const linking = passes[at];
        if (linking) {
          attributed = at;
          waits.push(Math.max(0, Math.round(linking.start - started)));
          passTimes.push(Math.round(linking.end - linking.start));
          linkingSteps.push(linking.report.stepSeconds);
        }
        if (linked === person.customer_id) sameCustomer += 1;
      }
    } finally {
      await watchers.stop();
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `new record linked (legacy insert → hub link, watcher every 1 s): p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, ` +
        `max ${sorted.at(-1)} ms over ${times.length} inserts; ${sameCustomer} joined the known person's customer`,
    );
    const spread = (values: number[]): string => {
      const s = [...values].sort((a, b) => a - b);
      return `p50 ${percentile(s, 50)} ms, p95 ${percentile(s, 95)} ms`;
    };
    if (waits.length > 0) {
      console.log(`  insert → start of the linking pass: ${spread(waits)}; the linking pass: ${spread(passTimes)}`);
      const steps = new Map<string, number>();
      for (const s of linkingSteps) for (const [step, seconds] of Object.entries(s)) steps.set(step, (steps.get(step) ?? 0) + seconds);
      console.log(
        `  linking pass steps, mean (s): ${[...steps].map(([step, total]) => `${step} ${(total / linkingSteps.length).toFixed(3)}`).join(', ')}`,
      );
    }
  } finally {
    await Promise.allSettled([hub.close(), ecommerce.close(), store.close()]);
    await databases.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:identity: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
