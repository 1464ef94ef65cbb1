// Money is never rounded on its way out: 999 999 999 999.99 SEK (the largest amount), and
// sums above what a double holds to the öre, come back to the öre
// from the read-model tables (SQLite and PostgreSQL), from the ledger, over HTTP and from
// the CLI, and the portfolio sums them exactly.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import pg from 'pg';
import { steppingClock } from '../../commands/clock.js';
import { startServer } from '../../infra/http/server.js';
import type { Ledger } from '../../infra/ledger.js';
import { openLedger } from '../../infra/open-ledger.js';
import type { SqliteReadStore } from '../../infra/readstore/sqlite-read-store.js';
import type { ProjectedReadModels } from '../../projections/projected-read-models.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';
import { CLI_TIMEOUT, spawnCli } from '../cli/support.js';
import {
  apply,
  approve,
  attest,
  payClaim,
  reportCosts,
  review,
} from '../../commands/builders/grant-commands.js';
import { DATABASE_URL, describePostgres, tempDir } from './fixtures.js';

jest.setTimeout(CLI_TIMEOUT);

const AMOUNTS = { 'BIG/1/2024': '999999999999.99', 'BIG/2/2024': '123456789012.35' } as const;
/**
 * The caps: the largest amount itself, and twice the other (so that the cap and what is paid
 * differ).
 */
const CAPS = { 'BIG/1/2024': '999999999999.99', 'BIG/2/2024': '246913578024.70' } as const;
const REMAINING = { 'BIG/1/2024': '0.00', 'BIG/2/2024': '123456789012.35' } as const;
const SUM = '1123456789012.34';
const CAP_SUM = '1246913578024.69';
const APPROPRIATION = '1:9 Stora belopp';

/**
 * A grant with costs of `amount` reported, approved and paid as a claim (at rate 1.00); its cap is
 * twice that.
 */
async function grantOf(ledger: Ledger, grantId: keyof typeof AMOUNTS): Promise<void> {
  const [amount, cap] = [AMOUNTS[grantId], CAPS[grantId]];
  const commands = [
    apply({ grantId, requestedAmount: cap, requestedAdvance: '0' }),
    approve(
      { grantId },
      { rate: '1.00', cap, advance: '0', appropriation: APPROPRIATION, conditions: [] },
    ),
    reportCosts({ grantId, costs: [{ category: 'personal', amount }] }),
    review({ grantId, approvedAmount: amount, disallowed: [] }),
    payClaim({ grantId, paymentId: `${grantId}-pay`, amount }),
    attest(`${grantId}-pay`, { grantId }),
  ];
  for (const command of commands) {
    const result = await ledger.execute(command);
    if (!result.ok)
      throw new Error(`${String(command.type)}: ${result.error.code} ${result.error.message}`);
  }
}

async function expectExactFromLedger(ledger: Ledger): Promise<void> {
  for (const [grantId, amount] of Object.entries(AMOUNTS)) {
    const cap = CAPS[grantId as keyof typeof CAPS];
    expect(await ledger.balance(grantId)).toMatchObject({
      cap,
      entitlement: amount,
      claimsPaid: amount,
      netPaid: amount,
      remainingCap: REMAINING[grantId as keyof typeof REMAINING],
    });
    expect((await ledger.payments(grantId)).map((p) => p.amount)).toEqual([amount]);
  }
  expect(await ledger.portfolio(APPROPRIATION)).toEqual([
    expect.objectContaining({ appropriation: APPROPRIATION, committed: CAP_SUM, paid: SUM }),
  ]);
}

describe('lossless money (SQLite)', () => {
  const dir = tempDir('ledger-money-');
  const file = path.join(dir.dir, 'ledger.db');
  beforeAll(async () => {
    const ledger = await openLedger({
      storeUrl: `sqlite:${file}`,
      clock: steppingClock('2024-02-01T00:00:00.000Z'),
    });
    try {
      for (const grantId of Object.keys(AMOUNTS) as (keyof typeof AMOUNTS)[])
        await grantOf(ledger, grantId);
    } finally {
      await ledger.close();
    }
  });
  afterAll(() => dir.remove());

  test('given the grants, when the tables are read with plain SQL, then every amount is exact text (never REAL) and sums exactly in integer öre', async () => {
    const ledger = await openLedger({ storeUrl: `sqlite:${file}` });
    try {
      const db = (ledger.readModels as ProjectedReadModels<SqliteReadStore>).store.db;
      const rows = db
        .prepare(
          "SELECT grant_id, cap, typeof(cap) AS t, net_paid, CAST(replace(cap, '.', '') AS INTEGER) AS cap_ore FROM grant_balance ORDER BY grant_id",
        )
        .safeIntegers(true)
        .all();
      expect(rows).toEqual([
        {
          grant_id: 'BIG/1/2024',
          cap: '999999999999.99',
          t: 'text',
          net_paid: '999999999999.99',
          cap_ore: 99999999999999n,
        },
        {
          grant_id: 'BIG/2/2024',
          cap: '246913578024.70',
          t: 'text',
          net_paid: '123456789012.35',
          cap_ore: 24691357802470n,
        },
      ]);
      expect(db.prepare('SELECT DISTINCT typeof(amount) AS t FROM payment_journal').all()).toEqual([
        { t: 'text' },
      ]);
      expect(
        db
          .prepare(
            'SELECT committed, paid, remaining_commitment FROM portfolio WHERE appropriation = ?',
          )
          .get(APPROPRIATION),
      ).toEqual({ committed: CAP_SUM, paid: SUM, remaining_commitment: REMAINING['BIG/2/2024'] });
      await expectExactFromLedger(ledger);
    } finally {
      await ledger.close();
    }
  });

  test('given the grants, when read over HTTP, then the balance, payments and portfolio are exact', async () => {
    const ledger = await openLedger({ storeUrl: `sqlite:${file}` });
    const server = await startServer({
      ledger,
      port: 0,
      tokens: { 'tok-viewer-lossless-money': { actor: 'viewer@test', roles: ['viewer'] } },
    });
    const get = async (route: string) =>
      (
        await fetch(server.url + route, {
          headers: { authorization: 'Bearer tok-viewer-lossless-money' },
        })
      ).json();
    try {
      expect(await get('/grants/BIG%2F2%2F2024')).toMatchObject({
        cap: '246913578024.70',
        netPaid: '123456789012.35',
      });
      expect(await get('/payments?grantId=BIG%2F1%2F2024')).toEqual([
        expect.objectContaining({ amount: '999999999999.99' }),
      ]);
      expect(await get('/portfolio')).toEqual([
        expect.objectContaining({ committed: CAP_SUM, paid: SUM }),
      ]);
    } finally {
      await server.close();
      await ledger.close();
    }
  });

  test('given the grants, when read with the CLI, then --json is exact and the Swedish format shows every öre', async () => {
    const run = (args: string[]) =>
      spawnCli(['--store', `sqlite:${file}`, ...args], { cwd: dir.dir });

    const json = await run(['balance', 'BIG/2/2024', '--json']);
    const human = await run(['balance', 'BIG/2/2024']);
    const portfolio = await run(['portfolio', '--json']);

    expect(JSON.parse(json.stdout)).toMatchObject({
      cap: '246913578024.70',
      claimsPaid: '123456789012.35',
    });
    expect(human.stdout).toContain('123 456 789 012,35 kr');
    expect(JSON.parse(portfolio.stdout)).toEqual([
      expect.objectContaining({ committed: CAP_SUM, paid: SUM }),
    ]);
  });
});

describePostgres('lossless money (PostgreSQL)', () => {
  test('given the grants, when the tables and the ledger are read, then every amount is exact NUMERIC', async () => {
    const schema = freshSchemaName('money');
    const url = new URL(DATABASE_URL!);
    url.searchParams.set('schema', schema);
    const ledger = await openLedger({
      storeUrl: url.toString(),
      clock: steppingClock('2024-02-01T00:00:00.000Z'),
    });
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      for (const grantId of Object.keys(AMOUNTS) as (keyof typeof AMOUNTS)[])
        await grantOf(ledger, grantId);
      const rows = (
        await client.query(
          `SELECT grant_id, cap::text, net_paid::text FROM "${schema}".grant_balance ORDER BY grant_id`,
        )
      ).rows;
      expect(rows).toEqual([
        { grant_id: 'BIG/1/2024', cap: '999999999999.99', net_paid: '999999999999.99' },
        { grant_id: 'BIG/2/2024', cap: '246913578024.70', net_paid: '123456789012.35' },
      ]);
      await expectExactFromLedger(ledger);
    } finally {
      await client.end();
      await ledger.close();
      await dropSchema(DATABASE_URL!, schema);
    }
  });
});
