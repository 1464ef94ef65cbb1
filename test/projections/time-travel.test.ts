// Time travel over the founding case RUN/573/2022, through the Ledger on a SQLite file:
// `asOf` a business date and `asOfRecorded` a timestamp replay the grant's stream (no
// snapshots); present figures come from the read-model tables, fresh right after each
// command (inline catch-up: a caller reads its own write).
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { steppingClock } from '../../commands/clock.js';
import { CommandHandler } from '../../commands/handler.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { FOUNDING_CASE_COMMANDS, FOUNDING_GRANT_ID } from '../../infra/demo/founding-case.js';
import type { Ledger } from '../../infra/ledger.js';
import { openLedger } from '../../infra/open-ledger.js';
import { SqliteReadStore } from '../../infra/readstore/sqlite-read-store.js';
import { DATABASE_URL, describePostgres, tempDir } from './fixtures.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';
import { PostgresReadStore } from '../../infra/readstore/postgres-read-store.js';
import { ProjectedReadModels } from '../../projections/projected-read-models.js';

// One second per clock read; the handler reads the clock once per command.
const START = '2023-06-01T09:00:00.000Z';
const recordedAtOf = (index: number) => new Date(Date.parse(START) + index * 1000).toISOString();
const justBefore = (index: number) => new Date(Date.parse(START) + index * 1000 - 1).toISOString();

const AFTER_ADVANCE = {
  status: 'approved',
  entitlement: '0.00',
  advancePaid: '142779.00',
  netPaid: '142779.00',
  payable: '0.00',
  overpaid: '0.00',
  advanceOutstanding: '142779.00',
  advanceUnsettled: '142779.00',
  remainingCap: '763643.00',
  undisbursed: '620864.00',
};

describe('time travel over the founding case (SQLite file)', () => {
  let dir: ReturnType<typeof tempDir>;
  let ledger: Ledger;

  beforeEach(async () => {
    dir = tempDir();
    ledger = await openLedger({
      storeUrl: `sqlite:${path.join(dir.dir, 'ledger.db')}`,
      clock: steppingClock(START),
    });
  });

  afterEach(async () => {
    await ledger.close();
    dir.remove();
  });

  async function givenTheFoundingCase(): Promise<void> {
    for (const command of FOUNDING_CASE_COMMANDS) {
      const result = await ledger.execute(command);
      expect(result.ok).toBe(true);
    }
  }

  it('uses the SQL read models on the same file', () => {
    expect(ledger.readModels).toBeInstanceOf(ProjectedReadModels);
    expect((ledger.readModels as ProjectedReadModels).store).toBeInstanceOf(SqliteReadStore);
  });

  it('given the founding case, then asOf a business date shows the grant as it stood that day', async () => {
    await givenTheFoundingCase();
    // before the application
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOf: '2023-03-14' })).toBeUndefined();
    // after the application, before the decision
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOf: '2023-04-01' })).toMatchObject({
      status: 'applied',
      cap: '0.00',
      appropriation: null,
      advancePaid: '0.00',
    });
    // on the decision day: approved, nothing paid
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOf: '2023-04-20' })).toMatchObject({
      status: 'approved',
      cap: '763643.00',
      rate: '0.60',
      advanceGranted: '142779.00',
      advancePaid: '0.00',
      pendingPayments: '0.00',
      undisbursed: '763643.00',
    });
    // ordered, not yet attested: pending
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOf: '2023-05-02' })).toMatchObject({
      advancePaid: '0.00',
      pendingPayments: '142779.00',
    });
    // attested: the figures at the end of domain.md
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOf: '2023-05-03' })).toMatchObject(
      AFTER_ADVANCE,
    );
    expect(await ledger.indicators(FOUNDING_GRANT_ID, { asOf: '2023-05-03' })).toEqual([
      expect.objectContaining({ indicatorId: 'knowledge-bases', state: 'not-started' }),
    ]);
    // as of a day after the final report was due, the unsubmitted report is overdue
    expect((await ledger.balance(FOUNDING_GRANT_ID, { asOf: '2024-05-01' }))?.finalReport).toEqual({
      due: '2024-04-30',
      submittedOn: null,
      state: 'overdue',
    });
  });

  it('given the founding case recorded by a stepping clock, then asOfRecorded shows what the ledger said at each moment', async () => {
    await givenTheFoundingCase();
    const history = await ledger.history(FOUNDING_GRANT_ID);
    expect(history.map((e) => e.recordedAt)).toEqual([0, 1, 2, 3].map(recordedAtOf));

    expect(
      await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: justBefore(0) }),
    ).toBeUndefined();
    expect(
      await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: recordedAtOf(0) }),
    ).toMatchObject({ status: 'applied' });
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: justBefore(1) })).toMatchObject({
      status: 'applied',
    });
    expect(
      await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: recordedAtOf(1) }),
    ).toMatchObject({ status: 'approved', advancePaid: '0.00' });
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: justBefore(2) })).toMatchObject({
      status: 'approved',
      pendingPayments: '0.00',
    });
    expect(
      await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: recordedAtOf(2) }),
    ).toMatchObject({ pendingPayments: '142779.00', advancePaid: '0.00' });
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: justBefore(3) })).toMatchObject({
      pendingPayments: '142779.00',
      advancePaid: '0.00',
    });
    expect(
      await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: recordedAtOf(3) }),
    ).toMatchObject({ ...AFTER_ADVANCE, pendingPayments: '0.00' });

    // history and payments as recorded then
    expect(
      (await ledger.history(FOUNDING_GRANT_ID, { asOfRecorded: recordedAtOf(1) })).map(
        (e) => e.type,
      ),
    ).toEqual(['CoFinancingApplied', 'GrantApproved']);
    expect(await ledger.payments(FOUNDING_GRANT_ID, { asOfRecorded: recordedAtOf(2) })).toEqual([
      expect.objectContaining({
        paymentId: 'RUN/573/2022-advance-1',
        status: 'ordered',
        attestedBy: null,
      }),
    ]);
  });

  it('given the founding case, then the present balance (read model) equals the time-travelled one at the end', async () => {
    await givenTheFoundingCase();
    const present = await ledger.balance(FOUNDING_GRANT_ID);
    expect(present).toMatchObject(AFTER_ADVANCE);
    expect(present).toEqual(
      await ledger.balance(FOUNDING_GRANT_ID, {
        asOfRecorded: recordedAtOf(3),
        asOf: ledger.today(),
      }),
    );
  });
});

describe('inline freshness: a caller reads its own write', () => {
  let dir: ReturnType<typeof tempDir>;
  let ledger: Ledger;

  beforeEach(async () => {
    dir = tempDir();
    ledger = await openLedger({
      storeUrl: `sqlite:${path.join(dir.dir, 'ledger.db')}`,
      clock: steppingClock(START),
    });
  });

  afterEach(async () => {
    await ledger.close();
    dir.remove();
  });

  it('given each founding-case command, when execute succeeds, then balance (no asOf) already shows it', async () => {
    const expected = [
      { status: 'applied', cap: '0.00' },
      { status: 'approved', cap: '763643.00', pendingPayments: '0.00' },
      { pendingPayments: '142779.00', advancePaid: '0.00' },
      { ...AFTER_ADVANCE, pendingPayments: '0.00' },
    ];
    for (const [i, command] of FOUNDING_CASE_COMMANDS.entries()) {
      // when
      const result = await ledger.execute(command);
      // then, with no explicit catch-up in between
      expect(result.ok).toBe(true);
      expect(await ledger.balance(FOUNDING_GRANT_ID)).toMatchObject(expected[i]!);
      expect((await ledger.history(FOUNDING_GRANT_ID)).length).toBe(i + 1);
    }
    expect(await ledger.portfolio()).toEqual([
      {
        appropriation: '1:1 Regionala tillväxtåtgärder',
        committed: '763643.00',
        paid: '142779.00',
        remainingCommitment: '620864.00',
        grants: { approved: 1, closed: 0, withdrawn: 0, total: 1 },
      },
    ]);
  });

  it('given events appended by a writer without read models, when the ledger is opened again, then it catches up at open', async () => {
    const file = path.join(dir.dir, 'ledger.db');
    await ledger.close();
    // another process that only appends (no read models, no inline catch-up)
    const store = SqliteEventStore.open(file);
    const writer = new CommandHandler({ store, clock: steppingClock(START) });
    for (const command of FOUNDING_CASE_COMMANDS)
      expect((await writer.handle(command)).ok).toBe(true);
    await store.close();
    // when
    ledger = await openLedger({ storeUrl: `sqlite:${file}`, clock: steppingClock(START) });
    // then the read models caught up at open
    expect(await ledger.balance(FOUNDING_GRANT_ID)).toMatchObject(AFTER_ADVANCE);
  });
});

describePostgres('inline freshness and time travel (PostgreSQL)', () => {
  let schema: string;
  let ledger: Ledger;

  beforeEach(async () => {
    schema = freshSchemaName('timetravel');
    const url = new URL(DATABASE_URL!);
    url.searchParams.set('schema', schema);
    ledger = await openLedger({ storeUrl: url.toString(), clock: steppingClock(START) });
  });

  afterEach(async () => {
    await ledger.close();
    await dropSchema(DATABASE_URL!, schema);
  });

  it('given each founding-case command, when execute succeeds, then balance already shows it; asOf replays', async () => {
    expect(ledger.readModels).toBeInstanceOf(ProjectedReadModels);
    expect((ledger.readModels as ProjectedReadModels).store).toBeInstanceOf(PostgresReadStore);
    for (const command of FOUNDING_CASE_COMMANDS)
      expect((await ledger.execute(command)).ok).toBe(true);
    expect(await ledger.balance(FOUNDING_GRANT_ID)).toMatchObject(AFTER_ADVANCE);
    expect(await ledger.balance(FOUNDING_GRANT_ID, { asOf: '2023-04-20' })).toMatchObject({
      status: 'approved',
      advancePaid: '0.00',
    });
    expect(
      await ledger.balance(FOUNDING_GRANT_ID, { asOfRecorded: recordedAtOf(2) }),
    ).toMatchObject({ pendingPayments: '142779.00' });
    expect((await ledger.history(FOUNDING_GRANT_ID)).map((e) => e.recordedAt)).toEqual(
      [0, 1, 2, 3].map(recordedAtOf),
    );
  });
});
