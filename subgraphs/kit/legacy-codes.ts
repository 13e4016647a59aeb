// One rule for a legacy code the graph does not know (a legacy system belongs to another team and
// may start writing a new status tomorrow): it is NOT an error. The code maps to null (or to the
// enum's own "unknown" value where the schema has one), the raw code stays beside it in its
// `…Code` field, and the answer goes on. It is logged once per field and code, so that someone
// adds it to the graph; the log carries the code only, cut short: codes are closed vocabularies,
// never personal data, and a long value is no code.
import { logger } from './logger';

const MAX_LOGGED_CODE_LENGTH = 32;
/** Bounded, so that a column full of free text cannot grow it without end. */
const MAX_REMEMBERED = 1_000;
const reported = new Set<string>();

/**
 * The value `codes` gives the legacy code (compared trimmed and upper-cased: legacy systems pad
 * and mix case), or null. A missing or blank code is null without a log: absent is not unknown.
 * `field` names the legacy column for the log (e.g. `mk_campaign.channel`).
 */
export function legacyCodeOf<T>(codes: Readonly<Record<string, T>>, code: string | null | undefined, field = 'legacy code'): T | null {
  const key = (code ?? '').trim().toUpperCase();
  if (key === '') return null;
  if (Object.prototype.hasOwnProperty.call(codes, key)) return codes[key];
  const seen = `${field}\u0000${key}`;
  if (!reported.has(seen) && reported.size < MAX_REMEMBERED) {
    reported.add(seen);
    logger.warn({ field, code: key.slice(0, MAX_LOGGED_CODE_LENGTH) }, 'legacy code unknown to the graph: shown as null beside its raw code');
  }
  return null;
}
