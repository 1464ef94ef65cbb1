// One description per read-model table: its columns in order, the kind of value each
// holds and how each is read from the row value the projection produces
// (projections/read-model-rows.ts), and where a read store puts it back in what it returns.
// Each dialect renders its DDL and its inserts from these (sqlite-tables.ts,
// postgres-tables.ts), and both read a balance back by them (record-reader.ts): a column
// is named once, here.
//
// Column order is the order on disk: files and databases made by earlier versions hold
// the same columns in the same order; a new column comes with a new read-store schema
// version (the read models are then rebuilt from the log).
import type { GrantBalance } from '../../projections/balance.js';
import { encodeGrantState, grantStateValue } from '../../projections/grant-state-codec.js';
import type {
  AuditRow,
  BalanceRow,
  ConditionRow,
  DeliveryRow,
  GrantStateRow,
  IndicatorRow,
  PaymentRow,
} from '../../projections/read-model-rows.js';
import type { GrantState } from '../../domain/grant/state.js';

/**
 * What a column holds, whatever the dialect: an exact 2-decimal amount, a rate, a
 * YYYY-MM-DD date, an ISO timestamp, a whole number, a global position, a yes/no, JSON
 * (JSONB where the dialect has it), JSON kept as text in every dialect, or plain text.
 */
export type ColumnKind =
  | 'text'
  | 'amount'
  | 'rate'
  | 'date'
  | 'timestamp'
  | 'count'
  | 'position'
  | 'flag'
  | 'json'
  | 'json-text';

export interface Column<R> {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
  /** Its value in a row (null for none; JSON columns as JSON text). */
  of: (row: R) => unknown;
  /**
   * JSON columns whose row holds the value itself, not its text: that value, for a dialect
   * that embeds it in a JSON document (PostgreSQL's write function) instead of its text.
   */
  jsonValue?: (row: R) => unknown;
  /**
   * Where its value goes back in what a read store returns (a field, or a field of a
   * nested object), decoded by its kind; none: not read back field by field.
   */
  readsInto?: readonly string[];
}

export interface TableDescription<R> {
  name: string;
  columns: readonly Column<R>[];
  /** Column names; a single one is declared on its column (as earlier versions did). */
  primaryKey: readonly string[];
}

const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A column holding the row's field of the same name (snake_case in SQL). */
function field<R>(name: keyof R & string, kind: ColumnKind, nullable = false): Column<R> {
  const of = nullable ? (row: R) => row[name] ?? null : (row: R) => row[name];
  return { name: snake(name), kind, nullable, of };
}

/** A field of the balance, or of its final report. */
type BalancePath =
  | readonly [keyof GrantBalance & string]
  | readonly ['finalReport', keyof GrantBalance['finalReport'] & string];

/**
 * A column holding a figure of the grant's balance (balanceOf), as the projection computed
 * it, read back into the same field; `json-text` columns hold its JSON text.
 */
function fromBalance(
  path: BalancePath,
  kind: ColumnKind,
  options: { nullable?: boolean; readBack?: boolean } = {},
): Column<BalanceRow> {
  const [key, inner] = path;
  const value =
    inner === undefined
      ? (row: BalanceRow) => row.balance[key]
      : (row: BalanceRow) => row.balance.finalReport[inner];
  return {
    name: snake(path.join('_')),
    kind,
    nullable: options.nullable ?? false,
    of: kind === 'json-text' ? (row) => JSON.stringify(value(row)) : value,
    ...(options.readBack === false ? {} : { readsInto: path }),
  };
}

const amounts = (...names: (keyof GrantBalance & string)[]): Column<BalanceRow>[] =>
  names.map((n) => fromBalance([n], 'amount'));

/** grant_balance: every stored figure of domain.md's balance as a column, one row per grant. */
export const GRANT_BALANCE: TableDescription<BalanceRow> = {
  name: 'grant_balance',
  primaryKey: ['grant_id'],
  columns: [
    fromBalance(['grantId'], 'text'),
    field('streamId', 'text'),
    fromBalance(['title'], 'text'),
    fromBalance(['applicant'], 'text'),
    field('applicantOrgNumber', 'text', true),
    fromBalance(['status'], 'text'),
    fromBalance(['appropriation'], 'text', { nullable: true }),
    fromBalance(['cap'], 'amount'),
    fromBalance(['rate'], 'rate'),
    ...amounts('advanceGranted', 'reportedCosts', 'approvedCosts', 'disallowedCosts'),
    ...amounts('unreviewedCosts', 'entitlement', 'advancePaid', 'claimsPaid', 'pendingPayments'),
    ...amounts('repaid', 'netPaid', 'advanceOffset', 'advanceOutstanding', 'payable', 'overpaid'),
    ...amounts('advanceUnsettled', 'repaymentDue'),
    fromBalance(['settlementFinal'], 'flag'),
    ...amounts('waived'),
    // For BI; a balance read back takes it, with the other interest figures, from the schedule.
    fromBalance(['interestPaid'], 'amount', { readBack: false }),
    // The recoveries and their repayments (recovery-schedule.ts): interest accrued is
    // computed from it when asked.
    field('recoverySchedule', 'json', true),
    ...amounts('remainingCap', 'undisbursed'),
    fromBalance(['finalReport', 'due'], 'date', { nullable: true }),
    fromBalance(['finalReport', 'submittedOn'], 'date', { nullable: true }),
    field('conditionsTotal', 'count'),
    field('conditionsFulfilled', 'count'),
    field('firstPosition', 'position'),
    field('lastPosition', 'position'),
    field('revision', 'count'),
    // The balance's payoutAccount as JSON text, in a TEXT column.
    fromBalance(['payoutAccount'], 'json-text'),
  ],
};

export const GRANT_CONDITION: TableDescription<ConditionRow> = {
  name: 'grant_condition',
  primaryKey: ['grant_id', 'seq'],
  columns: [
    field('grantId', 'text'),
    field('seq', 'count'),
    field('conditionId', 'text'),
    field('text', 'text'),
    field('fulfilled', 'flag'),
    field('fulfilledOn', 'date', true),
    field('evidence', 'text', true),
  ],
};

/** indicator_status: one row per grant + indicator + kind. */
export const INDICATOR_STATUS: TableDescription<IndicatorRow> = {
  name: 'indicator_status',
  primaryKey: ['grant_id', 'indicator_seq', 'kind_seq'],
  columns: [
    field('grantId', 'text'),
    field('indicatorSeq', 'count'),
    field('indicatorId', 'text'),
    field('name', 'text'),
    field('kindSeq', 'count'),
    field('kind', 'text'),
    field('target', 'count'),
    field('achieved', 'count'),
  ],
};

export const INDICATOR_DELIVERY: TableDescription<DeliveryRow> = {
  name: 'indicator_delivery',
  primaryKey: ['grant_id', 'indicator_id', 'seq'],
  columns: [
    field('grantId', 'text'),
    field('indicatorId', 'text'),
    field('seq', 'count'),
    field('kind', 'text'),
    field('title', 'text'),
    field('deliveredOn', 'date'),
  ],
};

export const PAYMENT_JOURNAL: TableDescription<PaymentRow> = {
  name: 'payment_journal',
  primaryKey: ['grant_id', 'seq'],
  columns: [
    field('grantId', 'text'),
    field('seq', 'count'),
    field('paymentId', 'text'),
    field('kind', 'text'),
    field('claimId', 'text', true),
    field('amount', 'amount'),
    field('status', 'text'),
    field('orderedOn', 'date'),
    field('orderedBy', 'text'),
    field('attestedOn', 'date', true),
    field('attestedBy', 'text', true),
    field('cancelledOn', 'date', true),
    field('cancelledBy', 'text', true),
    field('cancelReason', 'text', true),
    field('settled', 'flag'),
    field('bankReference', 'text', true),
    field('bookedOn', 'date', true),
    { name: 'booked_amount', kind: 'amount', nullable: true, of: (row) => row.bookedAmount },
  ],
};

/** The audit trail as a table: where it cannot be a view over the events (they live elsewhere). */
export const AUDIT_TRAIL: TableDescription<AuditRow> = {
  name: 'audit_trail',
  primaryKey: ['position'],
  columns: [
    field('position', 'position'),
    field('grantId', 'text'),
    field('streamId', 'text'),
    field('revision', 'count'),
    field('type', 'text'),
    field('version', 'count'),
    field('businessDate', 'date', true),
    field('recordedAt', 'timestamp'),
    field('actor', 'text'),
    field('commandId', 'text'),
    field('correlationId', 'text', true),
    field('causationId', 'text', true),
    field('hash', 'text'),
    {
      name: 'data',
      kind: 'json',
      nullable: false,
      of: (row) => JSON.stringify(row.data),
      jsonValue: (row) => row.data,
    },
  ],
};

/** grant_state: where a grant's fold stands, so the next batch continues from it. */
export const GRANT_STATE: TableDescription<GrantStateRow & { state: GrantState }> = {
  name: 'grant_state',
  primaryKey: ['grant_id'],
  columns: [
    field('grantId', 'text'),
    field('streamId', 'text'),
    field('revision', 'count'),
    field('firstPosition', 'position'),
    field('lastPosition', 'position'),
    {
      name: 'state',
      kind: 'json',
      nullable: false,
      of: (row) => encodeGrantState(row.state),
      // Embedded as a value, not as its text: JSON inside a JSON string is escaped by one
      // side and unescaped by the other before the server parses it at last.
      jsonValue: (row) => grantStateValue(row.state),
    },
  ],
};

/** Every read-model table. */
export const ALL: readonly TableDescription<never>[] = [
  GRANT_BALANCE,
  GRANT_CONDITION,
  INDICATOR_STATUS,
  INDICATOR_DELIVERY,
  PAYMENT_JOURNAL,
  AUDIT_TRAIL,
  GRANT_STATE,
] as TableDescription<never>[];

/** The tables of a grant's rows that a batch replaces as a whole (besides grant_balance). */
export const CHILD_TABLES = {
  conditions: GRANT_CONDITION,
  indicators: INDICATOR_STATUS,
  deliveries: INDICATOR_DELIVERY,
  payments: PAYMENT_JOURNAL,
} as const;

/** The column definitions and primary key of a CREATE TABLE, with a dialect's type of each kind. */
export function tableBody(
  table: TableDescription<never>,
  typeOf: Record<ColumnKind, string>,
): string {
  const single = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
  const lines = table.columns.map((c) => {
    const type = `${c.name} ${typeOf[c.kind]}`;
    return c.name === single ? `${type} PRIMARY KEY` : `${type}${c.nullable ? '' : ' NOT NULL'}`;
  });
  if (!single) lines.push(`PRIMARY KEY (${table.primaryKey.join(', ')})`);
  return `(\n  ${lines.join(',\n  ')}\n)`;
}
