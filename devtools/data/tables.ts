// What the loader needs to know about one table: where it goes, its columns, how many rows to
// expect (for progress) and a lazy source of COPY lines.
import type { LegacySystem } from '../../subgraphs/kit/databases';

export type TargetDatabase = LegacySystem | 'truth';

export interface TableLoad {
  database: TargetDatabase;
  /** Table name exactly as created (the store's names are upper case and quoted). */
  table: string;
  columns: readonly string[];
  /** Rows this load writes, known from the plan before any is produced. */
  expectedRows: number;
  /** COPY text lines, produced only as the database asks for them. */
  rows(): Iterable<string>;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function copyStatement(load: TableLoad): string {
  return `COPY ${quoteIdentifier(load.table)} (${load.columns.map(quoteIdentifier).join(', ')}) FROM STDIN`;
}

/** Euros with two decimals from integer cents (numeric(10,2) columns). */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const bool = (value: boolean): string => (value ? 't' : 'f');
