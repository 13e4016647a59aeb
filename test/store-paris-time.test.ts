// Store dates and times are Paris wall-clock text; the subgraph turns them into instants itself
// (a malformed row must give null, not fail a whole batch). PostgreSQL's `AT TIME ZONE` is the
// reference: both must agree on every minute around every DST change, and on ordinary times.
import { withDatabase } from '../subgraphs/kit/databases';
import { isoDate, parisInstant } from '../subgraphs/kit/paris-time';
import { readTestCluster } from './support/test-cluster';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Last Sunday of a month, as day of month. */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
}

function wallClocks(): { date: string; time: string }[] {
  const readings: { date: string; time: string }[] = [];
  for (let year = 1996; year <= 2032; year += 1) {
    for (const month of [3, 10]) {
      const day = lastSunday(year, month);
      for (let minute = 0; minute < 5 * 60; minute += 10) {
        readings.push({ date: `${year}${pad(month)}${pad(day)}`, time: `${pad(Math.floor(minute / 60))}${pad(minute % 60)}${pad(minute % 7)}` });
      }
    }
  }
  // Ordinary times spread over the years, every month, odd seconds.
  for (let i = 0; i < 400; i += 1) {
    const year = 1990 + (i % 45);
    readings.push({ date: `${year}${pad(1 + ((i * 7) % 12))}${pad(1 + ((i * 13) % 28))}`, time: `${pad((i * 5) % 24)}${pad((i * 11) % 60)}${pad((i * 17) % 60)}` });
  }
  return readings;
}

it('agrees with PostgreSQL AT TIME ZONE Europe/Paris, around every DST change of 1996–2032', async () => {
  const readings = wallClocks();
  const reference = await withDatabase('admin', readTestCluster().adminUrl, (db) =>
    db.query<{ at: Date }>(
      `SELECT ((substr(r.d, 1, 4) || '-' || substr(r.d, 5, 2) || '-' || substr(r.d, 7, 2) || ' ' ||
                substr(r.t, 1, 2) || ':' || substr(r.t, 3, 2) || ':' || substr(r.t, 5, 2))::timestamp AT TIME ZONE 'Europe/Paris') AS at
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(d, t, n) ORDER BY r.n`,
      [readings.map((r) => r.date), readings.map((r) => r.time)],
    ),
  );
  const ours = readings.map((r) => parisInstant(r.date, r.time)?.toISOString());
  expect(ours).toEqual(reference.map((row) => row.at.toISOString()));
});

it('knows the two awkward hours', () => {
  expect(parisInstant('20250330', '023000')?.toISOString()).toBe('2025-03-30T01:30:00.000Z'); // skipped hour
  expect(parisInstant('20251026', '023000')?.toISOString()).toBe('2025-10-26T01:30:00.000Z'); // repeated hour: CET
  expect(parisInstant('20251026', '015959')?.toISOString()).toBe('2025-10-25T23:59:59.000Z'); // still CEST
  expect(parisInstant('20250701', '120000')?.toISOString()).toBe('2025-07-01T10:00:00.000Z');
  expect(parisInstant('20250101', '000000')?.toISOString()).toBe('2024-12-31T23:00:00.000Z');
});

it('gives null, never an error, for malformed legacy text', () => {
  for (const [date, time] of [
    ['20230230', '120000'],
    ['20231301', '120000'],
    ['00000000', '000000'],
    ['2023011', '120000'],
    ['abcdefgh', '120000'],
    ['20230101', '246000'],
    ['20230101', '12000'],
    ['20230101', ''],
  ]) {
    expect(parisInstant(date, time)).toBeNull();
  }
  expect(isoDate('20240229')).toBe('2024-02-29');
  expect(isoDate('20230229')).toBeNull();
  expect(isoDate('00000000')).toBeNull();
});
