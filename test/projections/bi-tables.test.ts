// The read-model tables and views as a BI tool sees them: plain SQL, no code of ours.
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { steppingClock } from '../../commands/clock.js';
import { FOUNDING_CASE_COMMANDS, FOUNDING_GRANT_ID } from '../../infra/demo/founding-case.js';
import { openLedger } from '../../infra/open-ledger.js';
import type { SqliteReadStore } from '../../infra/readstore/sqlite-read-store.js';
import type { ProjectedReadModels } from '../../projections/projected-read-models.js';
import { DATABASE_URL, describePostgres, tempDir } from './fixtures.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';

describe('BI tables (SQLite)', () => {
  it('given the founding case, then plain SQL reads exact amounts (text, and integer öre), dates and today-dependent states', async () => {
    const dir = tempDir();
    const ledger = await openLedger({
      storeUrl: `sqlite:${path.join(dir.dir, 'ledger.db')}`,
      clock: steppingClock('2023-06-01T00:00:00.000Z'),
    });
    try {
      for (const command of FOUNDING_CASE_COMMANDS) await ledger.execute(command);
      const db = (ledger.readModels as ProjectedReadModels<SqliteReadStore>).store.db;
      expect(
        db
          .prepare(
            "SELECT cap, typeof(cap) AS t, CAST(replace(advance_paid, '.', '') AS INTEGER) AS advance_paid_ore, undisbursed, rate, status, final_report_due FROM grant_balance WHERE grant_id = ?",
          )
          .get(FOUNDING_GRANT_ID),
      ).toEqual({
        cap: '763643.00',
        t: 'text',
        advance_paid_ore: 14277900,
        undisbursed: '620864.00',
        rate: 0.6,
        status: 'approved',
        final_report_due: '2024-04-30',
      });
      // the report was due 2024-04-30; "today" (the database's clock) is later than that
      expect(db.prepare('SELECT final_report_state FROM grant_balance_today').get()).toEqual({
        final_report_state: 'overdue',
      });
      expect(
        db
          .prepare(
            'SELECT kind, target, achieved, indicator_state FROM indicator_status_today ORDER BY kind_seq',
          )
          .all(),
      ).toEqual([
        { kind: 'report', target: 1, achieved: 0, indicator_state: 'missed' },
        { kind: 'sub-report', target: 3, achieved: 0, indicator_state: 'missed' },
      ]);
      expect(db.prepare('SELECT * FROM portfolio').all()).toEqual([
        {
          appropriation: '1:1 Regionala tillväxtåtgärder',
          committed: '763643.00',
          paid: '142779.00',
          remaining_commitment: '620864.00',
          grants_approved: 1,
          grants_closed: 0,
          grants_withdrawn: 0,
          grants_total: 1,
        },
      ]);
      expect(
        db
          .prepare(
            'SELECT orderer, attester FROM (SELECT ordered_by AS orderer, attested_by AS attester FROM payment_journal)',
          )
          .all(),
      ).toEqual([
        { orderer: 'ekonom.ordering@regionjh.se', attester: 'ekonom.attest@regionjh.se' },
      ]);
      expect(
        db
          .prepare('SELECT count(*) AS n FROM audit_trail WHERE grant_id = ?')
          .get(FOUNDING_GRANT_ID),
      ).toEqual({ n: 4 });
    } finally {
      await ledger.close();
      dir.remove();
    }
  });
});

describePostgres('BI tables (PostgreSQL)', () => {
  it('given the founding case, then plain SQL reads NUMERIC amounts, DATEs and today-dependent states', async () => {
    const schema = freshSchemaName('bi');
    const url = new URL(DATABASE_URL!);
    url.searchParams.set('schema', schema);
    const ledger = await openLedger({
      storeUrl: url.toString(),
      clock: steppingClock('2023-06-01T00:00:00.000Z'),
    });
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      for (const command of FOUNDING_CASE_COMMANDS) await ledger.execute(command);
      const q = async (sql: string) => (await client.query(sql)).rows;
      expect(
        await q(
          `SELECT cap::text, undisbursed::text, final_report_due::text, pg_typeof(cap)::text AS t FROM "${schema}".grant_balance`,
        ),
      ).toEqual([
        {
          cap: '763643.00',
          undisbursed: '620864.00',
          final_report_due: '2024-04-30',
          t: 'numeric',
        },
      ]);
      expect(await q(`SELECT final_report_state FROM "${schema}".grant_balance_today`)).toEqual([
        { final_report_state: 'overdue' },
      ]);
      expect(
        await q(
          `SELECT kind, indicator_state FROM "${schema}".indicator_status_today ORDER BY kind_seq`,
        ),
      ).toEqual([
        { kind: 'report', indicator_state: 'missed' },
        { kind: 'sub-report', indicator_state: 'missed' },
      ]);
      expect(
        await q(
          `SELECT appropriation, committed::text, paid::text, remaining_commitment::text FROM "${schema}".portfolio`,
        ),
      ).toEqual([
        {
          appropriation: '1:1 Regionala tillväxtåtgärder',
          committed: '763643.00',
          paid: '142779.00',
          remaining_commitment: '620864.00',
        },
      ]);
    } finally {
      await client.end();
      await ledger.close();
      await dropSchema(DATABASE_URL!, schema);
    }
  });
});
