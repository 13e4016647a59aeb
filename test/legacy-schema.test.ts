// Drift check between the legacy systems' contract (shared/legacy/README.md, transcribed by hand in
// `legacy-spec.ts`) and what `subgraphs/*/legacy.sql` actually builds in PostgreSQL. The project
// must never alter a legacy table, and its development/test copies must be exactly what production
// holds: a column with the wrong type, length or nullability here would let code pass tests that
// then fails on the real systems. The check reads information_schema, i.e. the built database, not
// the DDL text, so it also catches what a text comparison would miss (a quoted name, a serial).
import { LegacySystem, withDatabase } from '../subgraphs/kit/databases';
import { GENERATED_SYSTEMS } from '../devtools/data/generate';
import { ColumnSpec, LEGACY_SPEC, SystemSpec } from './legacy-spec';
import { createTestDatabases, TestDatabases } from './support/test-databases';

/**
 * One table as a diff-friendly value: one line per column, so that a drift shows up in the
 * failure message as exactly the line that differs (`- line2 character varying(120) not null`,
 * `+ line2 character varying(120) null`).
 */
interface TableDescription {
  columns: string[];
  primaryKey: string[];
  /** UNIQUE, FOREIGN KEY and CHECK constraints, and non-sequence defaults: the README states none. */
  extras: string[];
}

function describeColumn(column: ColumnSpec): string {
  return `${column.name} ${column.type}${column.serial ? ' serial' : ''} ${column.nullable ? 'null' : 'not null'}`;
}

function describeSpec(spec: SystemSpec): Record<string, TableDescription> {
  return Object.fromEntries(
    Object.entries(spec).map(([name, table]) => [
      name,
      { columns: table.columns.map(describeColumn), primaryKey: table.primaryKey, extras: [] },
    ]),
  );
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  datetime_precision: number | null;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
}

/** The type as information_schema describes it, with the length/precision the README gives. */
function typeOf(row: ColumnRow): string {
  switch (row.data_type) {
    case 'character':
    case 'character varying':
      return row.character_maximum_length === null ? row.data_type : `${row.data_type}(${row.character_maximum_length})`;
    case 'numeric':
      return row.numeric_precision === null ? 'numeric' : `numeric(${row.numeric_precision},${row.numeric_scale})`;
    case 'time without time zone':
    case 'time with time zone':
    case 'timestamp without time zone':
    case 'timestamp with time zone':
      // 6 is PostgreSQL's default (plain `timestamp`, as the README writes); anything else is drift.
      return row.datetime_precision === 6 || row.datetime_precision === null
        ? row.data_type
        : row.data_type.replace(/^(time(stamp)?)/, `$1(${row.datetime_precision})`);
    case 'USER-DEFINED':
    case 'ARRAY':
      return `${row.data_type}:${row.udt_name}`;
    default:
      return row.data_type;
  }
}

async function readSystem(url: string, system: LegacySystem): Promise<Record<string, TableDescription>> {
  return withDatabase(`${system}-schema`, url, async (db) => {
    const tables = await db.query<{ table_name: string; table_type: string }>(
      `SELECT table_name::text, table_type::text FROM information_schema.tables
        WHERE table_schema = 'public' ORDER BY table_name`,
    );
    const columns = await db.query<ColumnRow>(
      `SELECT table_name::text, column_name::text, data_type::text, udt_name::text,
              character_maximum_length::int, numeric_precision::int, numeric_scale::int,
              datetime_precision::int, is_nullable::text, column_default::text, is_identity::text
         FROM information_schema.columns
        WHERE table_schema = 'public'
        ORDER BY table_name, ordinal_position`,
    );
    const constraints = await db.query<{
      table_name: string;
      constraint_name: string;
      constraint_type: string;
      column_name: string | null;
    }>(
      `SELECT tc.table_name::text, tc.constraint_name::text, tc.constraint_type::text, kcu.column_name::text
         FROM information_schema.table_constraints tc
         LEFT JOIN information_schema.key_column_usage kcu
           ON kcu.constraint_schema = tc.constraint_schema
          AND kcu.constraint_name = tc.constraint_name
          AND kcu.table_name = tc.table_name
        WHERE tc.table_schema = 'public'
        ORDER BY tc.table_name, tc.constraint_name, kcu.ordinal_position`,
    );

    const result: Record<string, TableDescription> = {};
    for (const { table_name, table_type } of tables) {
      result[table_name] = {
        columns: [],
        primaryKey: [],
        // A view standing in for a table would read the same but could not be written to.
        extras: table_type === 'BASE TABLE' ? [] : [`is a ${table_type}`],
      };
    }
    for (const row of columns) {
      const serial = row.column_default?.startsWith('nextval(') ?? false;
      result[row.table_name].columns.push(
        describeColumn({ name: row.column_name, type: typeOf(row), nullable: row.is_nullable === 'YES', serial }),
      );
      if (row.column_default !== null && !serial) result[row.table_name].extras.push(`${row.column_name} default ${row.column_default}`);
      if (row.is_identity === 'YES') result[row.table_name].extras.push(`${row.column_name} identity`);
    }
    for (const row of constraints) {
      const described = result[row.table_name];
      if (row.constraint_type === 'PRIMARY KEY') {
        if (row.column_name !== null) described.primaryKey.push(row.column_name);
      } else if (row.constraint_type === 'CHECK' && row.constraint_name.endsWith('_not_null')) {
        // NOT NULL shows up as a CHECK constraint here; it is already in the column's nullability.
      } else {
        const label = `${row.constraint_type} ${row.constraint_name}${row.column_name ? ` (${row.column_name})` : ''}`;
        if (!described.extras.includes(label)) described.extras.push(label);
      }
    }
    return result;
  });
}

describe('legacy spec transcription', () => {
  // Cheap sanity checks on the hand transcription itself, so a slip there is not blamed on the DDL.
  test.each([...GENERATED_SYSTEMS])('%s: primary keys name existing columns; serials are integer or bigint', (system) => {
    for (const [name, table] of Object.entries(LEGACY_SPEC[system])) {
      const columnNames = table.columns.map((column) => column.name);
      expect({ table: name, duplicates: columnNames.filter((c, i) => columnNames.indexOf(c) !== i) }).toEqual({ table: name, duplicates: [] });
      for (const key of table.primaryKey) expect({ table: name, key, exists: columnNames.includes(key) }).toEqual({ table: name, key, exists: true });
      for (const column of table.columns.filter((c) => c.serial)) expect(['integer', 'bigint']).toContain(column.type);
      for (const column of table.columns.filter((c) => table.primaryKey.includes(c.name))) expect(column.nullable).toBe(false);
    }
  });
});

describe('legacy DDL matches shared/legacy/README.md', () => {
  let databases: TestDatabases;
  beforeAll(async () => {
    databases = await createTestDatabases();
  });
  afterAll(async () => {
    await databases?.drop();
  });

  test.each([...GENERATED_SYSTEMS])('%s: same tables, columns (order, type, nullability, serial) and primary keys', async (system) => {
    const actual = await readSystem(databases.urls[system], system);
    const expected = describeSpec(LEGACY_SPEC[system]);
    // Table set first: a missing or extra table is clearer on its own than inside the big diff.
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    expect(actual).toEqual(expected);
  });
});
