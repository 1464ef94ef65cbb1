// The PostgreSQL read models' writes as one server-side function call per batch: the rows
// travel as one JSON document (jsonb_to_recordset), so a batch — or a command's inline
// projection, inside its append — costs one round trip instead of one per table.
//
// read_models_write(doc) writes the rows and the checkpoint. read_models_inline(expected,
// doc) is what an append calls in its own transaction: it locks the checkpoint row and
// writes only when the checkpoint is still `expected` (the rows were projected from the
// states at that checkpoint: exactly once), inside a sub-transaction, so that a failing
// projection never takes the append down with it.
import type { BatchWrite, GrantRows } from '../../projections/read-model-rows.js';
import { encodeGrantState } from '../../projections/grant-state-codec.js';

export const CHECKPOINT_NAME = 'read-models';

/** The functions, (re)created with the schema; `s` is the quoted schema. */
export function writeFunctionsSql(s: string): string {
  return `
  CREATE OR REPLACE FUNCTION ${s}.read_models_write(doc jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO ${s}.audit_trail (position, grant_id, stream_id, revision, type, version, business_date, recorded_at,
                                  actor, command_id, correlation_id, causation_id, hash, data)
    SELECT "position", "grantId", "streamId", "revision", "type", "version", "businessDate", "recordedAt",
           "actor", "commandId", "correlationId", "causationId", "hash", "data"
      FROM jsonb_to_recordset(doc->'audit') AS r("position" bigint, "grantId" text, "streamId" text, "revision" int,
           "type" text, "version" int, "businessDate" date, "recordedAt" timestamptz, "actor" text, "commandId" text,
           "correlationId" text, "causationId" text, "hash" text, "data" jsonb);

    INSERT INTO ${s}.grant_state (grant_id, stream_id, revision, first_position, last_position, state)
    SELECT "grantId", "streamId", "revision", "firstPosition", "lastPosition", "state"::jsonb
      FROM jsonb_to_recordset(doc->'states') AS r("grantId" text, "streamId" text, "revision" int,
           "firstPosition" bigint, "lastPosition" bigint, "state" text)
    ON CONFLICT (grant_id) DO UPDATE SET stream_id = EXCLUDED.stream_id, revision = EXCLUDED.revision,
      first_position = EXCLUDED.first_position, last_position = EXCLUDED.last_position, state = EXCLUDED.state;

    -- Balances, and child rows that changed, of the touched grants are replaced as a whole.
    DELETE FROM ${s}.grant_balance WHERE grant_id = ANY (ARRAY(SELECT jsonb_array_elements_text(doc->'grants')));
    DELETE FROM ${s}.grant_condition WHERE grant_id = ANY (ARRAY(SELECT jsonb_array_elements_text(doc->'replace'->'conditions')));
    DELETE FROM ${s}.indicator_status WHERE grant_id = ANY (ARRAY(SELECT jsonb_array_elements_text(doc->'replace'->'indicators')));
    DELETE FROM ${s}.indicator_delivery WHERE grant_id = ANY (ARRAY(SELECT jsonb_array_elements_text(doc->'replace'->'deliveries')));
    DELETE FROM ${s}.payment_journal WHERE grant_id = ANY (ARRAY(SELECT jsonb_array_elements_text(doc->'replace'->'payments')));

    INSERT INTO ${s}.grant_balance (grant_id, stream_id, title, applicant, applicant_org_number, status, appropriation, cap, rate,
      advance_granted, reported_costs, approved_costs, disallowed_costs, unreviewed_costs, entitlement, advance_paid, claims_paid,
      pending_payments, repaid, net_paid, payable, overpaid, advance_unsettled, repayment_due, remaining_cap, undisbursed,
      final_report_due, final_report_submitted_on, conditions_total, conditions_fulfilled, first_position, last_position, revision,
      payout_account, advance_offset, advance_outstanding, interest_paid, recovery_schedule)
    SELECT "grantId", "streamId", "title", "applicant", "applicantOrgNumber", "status", "appropriation", "cap", "rate",
      "advanceGranted", "reportedCosts", "approvedCosts", "disallowedCosts", "unreviewedCosts", "entitlement", "advancePaid",
      "claimsPaid", "pendingPayments", "repaid", "netPaid", "payable", "overpaid", "advanceUnsettled", "repaymentDue",
      "remainingCap", "undisbursed", "finalReportDue", "finalReportSubmittedOn", "conditionsTotal", "conditionsFulfilled",
      "firstPosition", "lastPosition", "revision", "payoutAccount", "advanceOffset", "advanceOutstanding", "interestPaid",
      "recoverySchedule"::jsonb
      FROM jsonb_to_recordset(doc->'balances') AS r("grantId" text, "streamId" text, "title" text, "applicant" text,
           "applicantOrgNumber" text, "status" text, "appropriation" text, "cap" numeric, "rate" numeric,
           "advanceGranted" numeric, "reportedCosts" numeric, "approvedCosts" numeric, "disallowedCosts" numeric,
           "unreviewedCosts" numeric, "entitlement" numeric, "advancePaid" numeric, "claimsPaid" numeric,
           "pendingPayments" numeric, "repaid" numeric, "netPaid" numeric, "payable" numeric, "overpaid" numeric,
           "advanceUnsettled" numeric, "repaymentDue" numeric, "remainingCap" numeric, "undisbursed" numeric,
           "finalReportDue" date, "finalReportSubmittedOn" date, "conditionsTotal" int, "conditionsFulfilled" int,
           "firstPosition" bigint, "lastPosition" bigint, "revision" int, "payoutAccount" text, "advanceOffset" numeric,
           "advanceOutstanding" numeric, "interestPaid" numeric, "recoverySchedule" text);

    INSERT INTO ${s}.grant_condition (grant_id, seq, condition_id, text, fulfilled, fulfilled_on, evidence)
    SELECT "grantId", "seq", "conditionId", "text", "fulfilled", "fulfilledOn", "evidence"
      FROM jsonb_to_recordset(doc->'conditions') AS r("grantId" text, "seq" int, "conditionId" text, "text" text,
           "fulfilled" boolean, "fulfilledOn" date, "evidence" text);

    INSERT INTO ${s}.indicator_status (grant_id, indicator_seq, indicator_id, name, kind_seq, kind, target, achieved)
    SELECT "grantId", "indicatorSeq", "indicatorId", "name", "kindSeq", "kind", "target", "achieved"
      FROM jsonb_to_recordset(doc->'indicators') AS r("grantId" text, "indicatorSeq" int, "indicatorId" text, "name" text,
           "kindSeq" int, "kind" text, "target" int, "achieved" int);

    INSERT INTO ${s}.indicator_delivery (grant_id, indicator_id, seq, kind, title, delivered_on)
    SELECT "grantId", "indicatorId", "seq", "kind", "title", "deliveredOn"
      FROM jsonb_to_recordset(doc->'deliveries') AS r("grantId" text, "indicatorId" text, "seq" int, "kind" text,
           "title" text, "deliveredOn" date);

    INSERT INTO ${s}.payment_journal (grant_id, seq, payment_id, kind, claim_id, amount, status, ordered_on, ordered_by,
      attested_on, attested_by, cancelled_on, cancelled_by, cancel_reason, settled, bank_reference, booked_on, booked_amount)
    SELECT "grantId", "seq", "paymentId", "kind", "claimId", "amount", "status", "orderedOn", "orderedBy", "attestedOn",
           "attestedBy", "cancelledOn", "cancelledBy", "cancelReason", "settled", "bankReference", "bookedOn", "bookedAmount"
      FROM jsonb_to_recordset(doc->'payments') AS r("grantId" text, "seq" int, "paymentId" text, "kind" text,
           "claimId" text, "amount" numeric, "status" text, "orderedOn" date, "orderedBy" text, "attestedOn" date,
           "attestedBy" text, "cancelledOn" date, "cancelledBy" text, "cancelReason" text, "settled" boolean,
           "bankReference" text, "bookedOn" date, "bookedAmount" numeric);

    UPDATE ${s}.projection_checkpoint SET position = (doc->>'checkpoint')::bigint, updated_at = now()
     WHERE name = '${CHECKPOINT_NAME}';
  END
  $fn$;

  CREATE OR REPLACE FUNCTION ${s}.read_models_inline(expected bigint, doc jsonb) RETURNS text LANGUAGE plpgsql AS $fn$
  DECLARE
    locked bigint;
  BEGIN
    SELECT position INTO locked FROM ${s}.projection_checkpoint WHERE name = '${CHECKPOINT_NAME}' FOR UPDATE;
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

/** A batch's rows as read_models_write's JSON document. */
export function writeDocument(w: BatchWrite): string {
  const grants = w.grants;
  const changed = (table: keyof GrantRows['changed']): GrantRows[] => grants.filter((g) => g.changed[table]);
  const replace = { conditions: changed('conditions'), indicators: changed('indicators'), deliveries: changed('deliveries'), payments: changed('payments') };
  const ids = (list: readonly GrantRows[]): string[] => list.map((g) => g.grantId);
  return JSON.stringify({
    checkpoint: w.checkpoint,
    audit: w.audit,
    states: grants.map(({ stateRow: r }) => ({
      grantId: r.grantId,
      streamId: r.streamId,
      revision: r.revision,
      firstPosition: r.firstPosition,
      lastPosition: r.lastPosition,
      state: encodeGrantState(r.state),
    })),
    grants: ids(grants),
    replace: { conditions: ids(replace.conditions), indicators: ids(replace.indicators), deliveries: ids(replace.deliveries), payments: ids(replace.payments) },
    // payout_account is a TEXT column holding the status as JSON text.
    balances: grants.flatMap((g) => (g.balance ? [{ ...g.balance, payoutAccount: JSON.stringify(g.balance.payoutAccount) }] : [])),
    conditions: replace.conditions.flatMap((g) => g.conditions),
    indicators: replace.indicators.flatMap((g) => g.indicators),
    deliveries: replace.deliveries.flatMap((g) => g.deliveries),
    payments: replace.payments.flatMap((g) => g.payments),
  });
}
