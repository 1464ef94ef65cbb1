// The read-model tables (read-model-tables.ts) in SQLite: DDL and inserts. Amounts are
// exact 2-decimal TEXT (SQLite has no decimal type, and a REAL cannot hold every
// amount), dates and timestamps ISO TEXT, yes/no 0 or 1, JSON as TEXT.
import {
  tableBody,
  type Column,
  type ColumnKind,
  type TableDescription,
} from './read-model-tables.js';

const TYPE: Record<ColumnKind, string> = {
  text: 'TEXT',
  amount: 'TEXT',
  rate: 'NUMERIC',
  date: 'TEXT',
  timestamp: 'TEXT',
  count: 'INTEGER',
  position: 'INTEGER',
  flag: 'INTEGER',
  json: 'TEXT',
  'json-text': 'TEXT',
};

/** CREATE TABLE; `withoutRowid` clusters the rows on their primary key (one B-tree per insert). */
export function sqliteCreateTable(
  table: TableDescription<never>,
  options: { withoutRowid: boolean },
): string {
  const clustered = options.withoutRowid ? ' WITHOUT ROWID' : '';
  return `CREATE TABLE ${table.name} ${tableBody(table, TYPE)}${clustered};\n`;
}

/** INSERT (or INSERT OR REPLACE) of one row, positional parameters in column order. */
export function sqliteInsert(
  table: TableDescription<never>,
  verb: 'INSERT' | 'INSERT OR REPLACE' = 'INSERT',
): string {
  const names = table.columns.map((c) => c.name).join(', ');
  const parameters = table.columns.map(() => '?').join(', ');
  return `${verb} INTO ${table.name} (${names}) VALUES (${parameters})`;
}

/**
 * A row's parameters for sqliteInsert, in column order. Compiled once per table into an
 * array literal with one call site per column (as documentRow does for PostgreSQL): a loop
 * over the getters makes one call site see every column's getter, which V8 cannot inline,
 * and a rebuild calls it for every audit row and every grant of every batch.
 */
export function sqliteValues<R>(table: TableDescription<R>): (row: R) => unknown[] {
  const getters = table.columns.map(sqliteValue);
  const items = getters.map((_, i) => `g[${i}](row)`);
  const compile = new Function('g', `return (row) => [${items.join(', ')}];`);
  return compile(getters) as (row: R) => unknown[];
}

function sqliteValue<R>(column: Column<R>): (row: R) => unknown {
  if (column.kind !== 'flag') return column.of;
  const of = column.of;
  return (row) => (of(row) ? 1 : 0);
}
