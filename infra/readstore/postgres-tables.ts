// The read-model tables (read-model-tables.ts) in PostgreSQL: DDL, and the inserts of the
// write function (postgres-write-function.ts) with the rows they read from its JSON
// document. Amounts NUMERIC(18,2), dates DATE, timestamps TIMESTAMPTZ, JSON as JSONB, so
// that BI tools read typed columns.
import type { Column, ColumnKind, TableDescription } from './read-model-tables.js';
import { tableBody } from './read-model-tables.js';

const TYPE: Record<ColumnKind, string> = {
  text: 'TEXT',
  amount: 'NUMERIC(18,2)',
  rate: 'NUMERIC',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  count: 'INTEGER',
  position: 'BIGINT',
  flag: 'BOOLEAN',
  json: 'JSONB',
  'json-text': 'TEXT',
};

/** How a column's value travels in the document: JSON text arrives as text and is cast. */
const DOCUMENT_TYPE: Record<ColumnKind, string> = {
  text: 'text',
  amount: 'numeric',
  rate: 'numeric',
  date: 'date',
  timestamp: 'timestamptz',
  count: 'int',
  position: 'bigint',
  flag: 'boolean',
  json: 'text',
  'json-text': 'text',
};

/** A JSON column whose value (not its text) is in the document. */
const embedsValue = (column: Column<never>): boolean => column.jsonValue !== undefined;

/** CREATE TABLE in schema `s` (quoted). */
export function postgresCreateTable(s: string, table: TableDescription<never>): string {
  return `CREATE TABLE ${s}.${table.name} ${tableBody(table, TYPE)};\n`;
}

/**
 * The INSERT of every row of `table` in the document `rows` (a json array of documentRow
 * objects, such as the write function's doc_grant_balance): one statement,
 * json_to_recordset typing each column. With `upsert` a row whose primary key is present
 * replaces it.
 */
export function postgresInsertFromDocument(
  s: string,
  table: TableDescription<never>,
  rows: string,
  options: { upsert?: boolean } = {},
): string {
  const names = table.columns.map((c) => c.name);
  const selected = table.columns.map((c) =>
    c.kind === 'json' && !embedsValue(c) ? `r."${c.name}"::jsonb` : `r."${c.name}"`,
  );
  const record = table.columns.map(
    (c) => `"${c.name}" ${embedsValue(c) ? 'jsonb' : DOCUMENT_TYPE[c.kind]}`,
  );
  const updated = names.filter((n) => !table.primaryKey.includes(n));
  const conflict = options.upsert
    ? `\n    ON CONFLICT (${table.primaryKey.join(', ')}) DO UPDATE SET ` +
      updated.map((n) => `${n} = EXCLUDED.${n}`).join(', ')
    : '';
  return `INSERT INTO ${s}.${table.name} (${names.join(', ')})
    SELECT ${selected.join(', ')}
      FROM json_to_recordset(${rows}) AS r(${record.join(', ')})${conflict};`;
}

/**
 * A row as the document object postgresInsertFromDocument reads: its columns by name.
 * Built as an object literal compiled once per table (the names are the description's own
 * constants), so that every row has one fixed shape: an object filled key by key turns
 * into a dictionary past a dozen keys, and JSON.stringify then walks the 38 columns of a
 * balance ~35 % slower — on every command's append.
 */
export function documentRow<R>(table: TableDescription<R>): (row: R) => Record<string, unknown> {
  const getters = table.columns.map((c) => c.jsonValue ?? c.of);
  const fields = table.columns.map((c, i) => `${JSON.stringify(c.name)}: g[${i}](row)`);
  const compile = new Function('g', `return (row) => ({ ${fields.join(', ')} });`);
  return compile(getters) as (row: R) => Record<string, unknown>;
}
