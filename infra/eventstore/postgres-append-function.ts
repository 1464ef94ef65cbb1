// The PostgreSQL store's append as ONE server-side function call (one round trip, one
// commit): the same rules as the client-side append in postgres.ts, in the same order.
//
// 1. The store's one append lock (pg_advisory_xact_lock, see postgres.ts): appends take
//    turns, so positions are handed out in commit order and catch-up readers never skip.
// 2. Any of the event ids already stored: 'slow' (the client-side path sorts out a re-append
//    or a foreign id with its full rules).
// 3. The stream's head against the expected revision: 'wrong_revision' and the actual one.
//    The head's hash against the one the client chained from: 'slow' when it differs.
// 4. The commandId claimed in the ledger-wide index: 'command_taken' with the first use.
// 5. The events inserted at positions max(position) + 1, … (dense; the identity sequence is
//    moved past them, for appends that let it choose), NOTIFY for listeners.
// 6. When a document came with it and the read models were exactly at the log's head
//    before this append (so the document's predicted positions are the real ones), the
//    schema's read_models_inline(checkpoint, document) writes the rows in this transaction.
// Nothing is written unless the answer is 'appended'.

export function appendFunctionSql(schema: string, table: string, commandTable: string): string {
  const s = schema;
  return `
  DROP FUNCTION IF EXISTS ${s}.ledger_append(text, text, text, int, text, text, text, text[], text[], int[],
    text[], text[], text[], text[], bigint, jsonb);
  CREATE OR REPLACE FUNCTION ${s}.ledger_append(
    p_lock text, p_channel text, p_stream text, p_expected int, p_prev_hash text, p_command_id text, p_fingerprint text,
    p_event_ids text[], p_types text[], p_versions int[], p_data text[], p_metadata text[], p_command_ids text[],
    p_recorded_at text[], p_checkpoint bigint, p_document json)
  RETURNS TABLE (outcome text, head_revision int, first_position bigint, detail text, fingerprint text)
  LANGUAGE plpgsql AS $fn$
  DECLARE
    head int;
    head_hash text;
    head_position bigint;
    n int := cardinality(p_event_ids);
    projected text;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(p_lock));
    IF EXISTS (SELECT 1 FROM ${table} e WHERE e.event_id = ANY (p_event_ids)) THEN
      RETURN QUERY SELECT 'slow'::text, NULL::int, NULL::bigint, NULL::text, NULL::text;
      RETURN;
    END IF;
    SELECT e.revision, e.metadata->>'hash' INTO head, head_hash
      FROM ${table} e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
    IF NOT FOUND THEN head := -1; END IF;
    IF head <> p_expected THEN
      RETURN QUERY SELECT 'wrong_revision'::text, head, NULL::bigint, NULL::text, NULL::text;
      RETURN;
    END IF;
    IF head >= 0 AND head_hash IS DISTINCT FROM p_prev_hash THEN
      RETURN QUERY SELECT 'slow'::text, head, NULL::bigint, NULL::text, NULL::text;
      RETURN;
    END IF;
    IF p_command_id IS NOT NULL THEN
      INSERT INTO ${commandTable} (command_id, stream_id, fingerprint) VALUES (p_command_id, p_stream, p_fingerprint)
        ON CONFLICT (command_id) DO NOTHING;
      IF NOT FOUND THEN
        RETURN QUERY SELECT 'command_taken'::text, head, NULL::bigint, c.stream_id, c.fingerprint
          FROM ${commandTable} c WHERE c.command_id = p_command_id;
        RETURN;
      END IF;
    END IF;
    SELECT COALESCE(max(e.position), 0) INTO head_position FROM ${table} e;
    INSERT INTO ${table} (position, event_id, stream_id, revision, type, version, data, metadata, command_id, recorded_at)
      OVERRIDING SYSTEM VALUE
    SELECT head_position + u.ord, u.event_id, p_stream, head + u.ord::int, u.type, u.version, u.data::jsonb, u.metadata::jsonb,
           u.command_id, u.recorded_at
      FROM unnest(p_event_ids, p_types, p_versions, p_data, p_metadata, p_command_ids, p_recorded_at)
           WITH ORDINALITY AS u(event_id, type, version, data, metadata, command_id, recorded_at, ord)
     ORDER BY u.ord;
    PERFORM setval(pg_get_serial_sequence('${table}', 'position'), head_position + n);
    PERFORM pg_notify(p_channel, (head_position + n)::text);
    IF p_document IS NOT NULL AND head_position = GREATEST(p_checkpoint, 0) THEN
      projected := ${s}.read_models_inline(p_checkpoint, p_document);
    END IF;
    RETURN QUERY SELECT 'appended'::text, head + n, head_position + 1, projected, NULL::text;
  END
  $fn$;
`;
}
