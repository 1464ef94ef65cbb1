// The audit trail written from the events table itself, for read models beside a PostgreSQL
// event store (same database, same schema): an audit row is its event's columns and
// metadata plus two figures the projection derives (the grant and the business date), so
// the document carries only those, keyed by position, and the write function copies the
// rest from `events`. Two thirds of a rebuild batch's document was audit rows repeating
// the events the server already holds; parsing them back cost more than any other table.
//
// Read models apart from their events (an EventStoreDB log, or another database) send the
// whole rows (audit_trail in the document), as before; the function takes either.
import type { AuditRow } from '../../projections/read-model-rows.js';
import { AUDIT_TRAIL } from './read-model-tables.js';

/** Each audit_trail column as an expression over the event `e` and the key `r`. */
const AUDIT_FROM_EVENT: Readonly<Record<string, string>> = {
  position: 'e.position',
  grant_id: 'r.grant_id',
  stream_id: 'e.stream_id',
  revision: 'e.revision',
  type: 'e.type',
  version: 'e.version',
  business_date: 'r.business_date',
  recorded_at: `(e.metadata->>'recordedAt')::timestamptz`,
  actor: `e.metadata->>'actor'`,
  command_id: `e.metadata->>'commandId'`,
  correlation_id: `e.metadata->>'correlationId'`,
  causation_id: `e.metadata->>'causationId'`,
  hash: `e.metadata->>'hash'`,
  data: 'e.data',
};

/** What the document carries of an audit row when the events are beside the read models. */
export function auditKey(row: AuditRow): {
  position: number;
  grant_id: string;
  business_date: string | null;
} {
  return { position: row.position, grant_id: row.grantId, business_date: row.businessDate ?? null };
}

/**
 * plpgsql: the audit rows of the keys in the json variable `keys`, copied from `${s}.events`.
 * Planned only when keys came (the schema of read models apart has no events table), and
 * every key must find its event: a missing one fails the write rather than skip a row.
 */
export function auditFromEventsSql(s: string, keys: string): string {
  const columns = AUDIT_TRAIL.columns.map((c) => c.name);
  const values = columns.map((name) => {
    const expression = AUDIT_FROM_EVENT[name];
    if (!expression) throw new Error(`audit_trail.${name} has no expression over events`);
    return expression;
  });
  return `IF ${keys} IS NOT NULL THEN
      INSERT INTO ${s}.audit_trail (${columns.join(', ')})
      SELECT ${values.join(', ')}
        FROM json_to_recordset(${keys}) AS r(position bigint, grant_id text, business_date date)
        JOIN ${s}.events e ON e.position = r.position;
      GET DIAGNOSTICS copied = ROW_COUNT;
      IF copied <> json_array_length(${keys}) THEN
        RAISE EXCEPTION 'audit trail: % of % events found', copied, json_array_length(${keys});
      END IF;
    END IF;`;
}
