// The rule for legacy codes the graph does not know: null, never a throw, logged once per field
// and code, with the code only (cut short).
import { legacyCodeOf } from './legacy-codes';
import { logger } from './logger';

const CODES = { OPEN: 'open value', CLOSED: 'closed value' } as const;

test('a known code maps, compared trimmed and upper-cased; missing or blank is null without a log', () => {
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  expect(legacyCodeOf(CODES, ' open ', 't.status')).toBe('open value');
  expect(legacyCodeOf(CODES, null, 't.status')).toBeNull();
  expect(legacyCodeOf(CODES, '   ', 't.status')).toBeNull();
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
});

test('an unknown code is null, never throws, and is logged once per field and code', () => {
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  expect(legacyCodeOf(CODES, 'archived', 't.status')).toBeNull();
  expect(legacyCodeOf(CODES, 'ARCHIVED ', 't.status')).toBeNull();
  expect(legacyCodeOf(CODES, 'archived', 'u.kind')).toBeNull();
  expect(legacyCodeOf(CODES, 'toString', 't.status')).toBeNull();
  expect(legacyCodeOf(CODES, 'x'.repeat(200), 't.status')).toBeNull();
  expect(warn.mock.calls.map(([fields]) => fields)).toEqual([
    { field: 't.status', code: 'ARCHIVED' },
    { field: 'u.kind', code: 'ARCHIVED' },
    { field: 't.status', code: 'TOSTRING' },
    { field: 't.status', code: 'X'.repeat(32) },
  ]);
  warn.mockRestore();
});
