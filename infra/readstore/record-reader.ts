// A table's record (a row as a store selects it, columns by name) read back into the
// projection's shape, rendered from the table's description (read-model-tables.ts): each
// column that says where it goes (readsInto) is decoded by its kind, whatever the dialect
// returned for it (SQLite numbers and text, pg strings and parsed JSONB); every other
// field of the layout comes from what the read store computed when asked (`computed`,
// e.g. today's interest). The fields come out in the layout's order, which is the order
// the JSON of HTTP and the CLI shows them.
import { Decimal, formatMoney, formatRate } from '../../domain/money.js';
import type { Column, ColumnKind, TableDescription } from './read-model-tables.js';

/** A shape's field names in order; an object where the field is read back field by field. */
export interface Layout {
  readonly [field: string]: null | Layout;
}

/** NUMERIC columns come back as numbers (SQLite) or strings (pg): always a 2-decimal string out. */
export function amountOut(value: unknown): string {
  return formatMoney(new Decimal(String(value)));
}

export function rateOut(value: unknown): string {
  return formatRate(new Decimal(String(value)));
}

/**
 * How a column's value becomes the shape's; null: both dialects return it as the shape holds
 * it (text, dates as YYYY-MM-DD text, null for none), read as it is.
 */
const DECODE: Record<ColumnKind, ((value: unknown) => unknown) | null> = {
  text: null,
  amount: amountOut,
  rate: rateOut,
  date: null,
  timestamp: null,
  count: Number,
  position: Number,
  flag: Boolean,
  json: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  'json-text': (value) => JSON.parse(value as string),
};

function decoderOf(
  column: Column<never>,
  decode: (value: unknown) => unknown,
): (value: unknown) => unknown {
  if (!column.nullable) return decode;
  return (value) => (value === null || value === undefined ? null : decode(value));
}

/**
 * The reader of `table`'s records into `layout`'s shape. Compiled once into one object
 * literal (as postgres-tables.ts's documentRow), so every value read has one fixed shape
 * and the layout's key order, and reads as fast as the hand-written literal it replaces
 * (each decoder a constant of its own, so calls to it can be inlined).
 */
export function recordReader<Computed, Out>(
  table: TableDescription<never>,
  layout: Layout,
): (record: object, computed: Computed) => Out {
  const decoders: ((value: unknown) => unknown)[] = [];
  const fromColumn = new Map<string, string>();
  for (const column of table.columns) {
    if (!column.readsInto) continue;
    const path = column.readsInto.join('.');
    if (!isLeaf(layout, column.readsInto)) {
      throw new Error(`${table.name}.${column.name} reads into ${path}, not a field of the layout`);
    }
    const value = `r[${JSON.stringify(column.name)}]`;
    const decode = DECODE[column.kind];
    if (!decode) {
      fromColumn.set(path, value);
      continue;
    }
    decoders.push(decoderOf(column, decode));
    fromColumn.set(path, `d${decoders.length - 1}(${value})`);
  }
  const literal = (shape: Layout, prefix: readonly string[]): string => {
    const fields = Object.entries(shape).map(([field, inner]) => {
      const path = [...prefix, field];
      const computed = `c${path.map((p) => `[${JSON.stringify(p)}]`).join('')}`;
      const value =
        inner === null ? (fromColumn.get(path.join('.')) ?? computed) : literal(inner, path);
      return `${JSON.stringify(field)}: ${value}`;
    });
    return `{ ${fields.join(', ')} }`;
  };
  const names = decoders.map((_, i) => `d${i}`);
  const compile = new Function(...names, `return (r, c) => (${literal(layout, [])});`);
  return compile(...decoders) as (record: object, computed: Computed) => Out;
}

function isLeaf(layout: Layout, path: readonly string[]): boolean {
  let shape: Layout | null | undefined = layout;
  for (const field of path) {
    if (!shape || !Object.hasOwn(shape, field)) return false;
    shape = shape[field];
  }
  return shape === null;
}
