// The PostgreSQL read models' writes as one server-side function call per batch: the rows
// travel as one JSON document (json_to_recordset), so a batch — or a command's inline
// projection, inside its append — costs one round trip instead of one per table.
//
// read_models_write(doc) writes the rows and the checkpoint. read_models_inline(expected,
// doc) is what an append calls in its own transaction: it locks the checkpoint row and
// writes only when the checkpoint is still `expected` (the rows were projected from the
// states at that checkpoint: exactly once), inside a sub-transaction, so that a failing
// projection never takes the append down with it.
import type { BatchWrite, GrantRows } from '../../projections/read-model-rows.js';
import * as tables from './read-model-tables.js';
import type { TableDescription } from './read-model-tables.js';
import { documentRow, postgresInsertFromDocument } from './postgres-tables.js';
import { auditFromEventsSql, auditKey } from './postgres-audit-from-events.js';

export const CHECKPOINT_NAME = 'read-models';

type ChildKey = keyof typeof tables.CHILD_TABLES;
const CHILD_KEYS = Object.keys(tables.CHILD_TABLES) as ChildKey[];

/** The functions, (re)created with the schema; `s` is the quoted schema. */
export function writeFunctionsSql(s: string): string {
  const insert = (table: TableDescription<never>, options?: { upsert: boolean }): string =>
    postgresInsertFromDocument(s, table, part(table.name), options);
  return `
  DROP FUNCTION IF EXISTS ${s}.read_models_inline(bigint, jsonb);
  DROP FUNCTION IF EXISTS ${s}.read_models_write(jsonb);

  -- enable_seqscan off: PL/pgSQL keeps the plans it made when the tables were empty (right
  -- after a rebuild's TRUNCATE), and a sequential scan chosen then stays: deleting a batch's
  -- payments scanned the whole payment_journal, every batch, 97 ms of a 2,000-event batch
  -- at 200,000 events and growing with the table. Every row it touches is found by an index.
  CREATE OR REPLACE FUNCTION ${s}.read_models_write(doc json) RETURNS void
  LANGUAGE plpgsql SET enable_seqscan = off AS $fn$
  DECLARE
    entry record;
    copied bigint;
    ${DOCUMENT_KEYS.map((k) => `${part(k)} json;`).join('\n    ')}
  BEGIN
    -- The document arrives as json, not jsonb, and is split into its parts in one pass:
    -- building the jsonb tree of a 2 MB rebuild batch cost more than writing its rows.
    FOR entry IN SELECT key, value FROM json_each(doc) LOOP
      CASE entry.key
        ${DOCUMENT_KEYS.map((k) => `WHEN '${k}' THEN ${part(k)} := entry.value;`).join('\n        ')}
        ELSE NULL;
      END CASE;
    END LOOP;

    ${insert(tables.AUDIT_TRAIL)}
    ${auditFromEventsSql(s, part(AUDIT_KEYS))}

    ${insert(tables.GRANT_STATE, { upsert: true })}

    -- Balances, and child rows that changed, of the touched grants are replaced as a whole.
    ${deleteRowsOf(s, tables.GRANT_BALANCE, part('grants'))}
    ${CHILD_KEYS.map((k) =>
      deleteRowsOf(s, tables.CHILD_TABLES[k], `${part('replace')}->'${k}'`),
    ).join('\n    ')}

    ${insert(tables.GRANT_BALANCE)}
    ${CHILD_KEYS.map((k) => insert(tables.CHILD_TABLES[k])).join('\n    ')}

    UPDATE ${s}.projection_checkpoint
       SET position = ${part('checkpoint')}::text::bigint, updated_at = now()
     WHERE name = '${CHECKPOINT_NAME}';
  END
  $fn$;

  CREATE OR REPLACE FUNCTION ${s}.read_models_inline(expected bigint, doc json) RETURNS text
  LANGUAGE plpgsql AS $fn$
  DECLARE
    locked bigint;
  BEGIN
    SELECT position INTO locked FROM ${s}.projection_checkpoint
     WHERE name = '${CHECKPOINT_NAME}' FOR UPDATE;
    IF locked IS DISTINCT FROM expected THEN RETURN 'behind'; END IF;
    BEGIN
      PERFORM ${s}.read_models_write(doc);
    EXCEPTION WHEN OTHERS THEN
      RETURN 'failed: ' || SQLERRM;
    END;
    RETURN 'projected';
  END
  $fn$;
`;
}

/** The part holding audit keys instead of rows (postgres-audit-from-events.ts). */
const AUDIT_KEYS = 'audit_keys';

/** The top-level keys of writeDocument's document. */
const DOCUMENT_KEYS = [
  'checkpoint',
  'grants',
  'replace',
  AUDIT_KEYS,
  tables.AUDIT_TRAIL.name,
  tables.GRANT_STATE.name,
  tables.GRANT_BALANCE.name,
  ...CHILD_KEYS.map((k) => tables.CHILD_TABLES[k].name),
];

/** The plpgsql variable holding the document's part `key`. */
const part = (key: string): string => `doc_${key}`;

/** Deletes the rows of the grants whose ids are the json array `ids`. */
function deleteRowsOf(s: string, table: TableDescription<never>, ids: string): string {
  return `DELETE FROM ${s}.${table.name}
     WHERE grant_id = ANY (ARRAY(SELECT json_array_elements_text(${ids})));`;
}

const ROW = {
  audit: documentRow(tables.AUDIT_TRAIL),
  state: documentRow(tables.GRANT_STATE),
  balance: documentRow(tables.GRANT_BALANCE),
  conditions: documentRow(tables.GRANT_CONDITION),
  indicators: documentRow(tables.INDICATOR_STATUS),
  deliveries: documentRow(tables.INDICATOR_DELIVERY),
  payments: documentRow(tables.PAYMENT_JOURNAL),
};

/**
 * A batch's rows as read_models_write's JSON document: each table's rows under its name.
 * `auditFromEvents`: the read models are beside the events table, and the audit trail is
 * sent as keys to copy from it.
 */
export function writeDocument(w: BatchWrite, options: { auditFromEvents: boolean }): string {
  const grants = w.grants;
  const changed = (table: ChildKey): GrantRows[] => grants.filter((g) => g.changed[table]);
  const ids = (list: readonly GrantRows[]): string[] => list.map((g) => g.grantId);
  const replace = {} as Record<ChildKey, string[]>;
  const doc: Record<string, unknown> = {
    checkpoint: w.checkpoint,
    ...(options.auditFromEvents
      ? { [AUDIT_KEYS]: w.audit.map(auditKey) }
      : { [tables.AUDIT_TRAIL.name]: w.audit.map(ROW.audit) }),
    [tables.GRANT_STATE.name]: grants.map((g) => ROW.state(g.stateRow)),
    grants: ids(grants),
    replace,
    [tables.GRANT_BALANCE.name]: grants.flatMap((g) => (g.balance ? [ROW.balance(g.balance)] : [])),
  };
  for (const key of CHILD_KEYS) {
    const list = changed(key);
    replace[key] = ids(list);
    const row = ROW[key] as (row: GrantRows[ChildKey][number]) => object;
    doc[tables.CHILD_TABLES[key].name] = list.flatMap((g) => g[key].map((r) => row(r)));
  }
  return JSON.stringify(doc);
}
