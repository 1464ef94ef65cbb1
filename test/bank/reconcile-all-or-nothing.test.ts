// Reconciliation is all-or-nothing (issue: "a store failure half-way leaves some
// settlements recorded"). A statement settles three grants; the store fails on the third
// settlement's insert (a trigger, standing for a full disk). Nothing of the statement may
// be left: no settlement, no command id, no read-model change. Once the fault is gone, the
// same statement settles all three. On real SQLite and real PostgreSQL, through the
// reconcile the CLI runs and through POST /reconcile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { endToEndIdOf } from '../../domain/bank/references.js';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import type { Ledger } from '../../infra/ledger.js';
import { openLedger } from '../../infra/open-ledger.js';
import { reconcile, reconcileCommandId } from '../../infra/reconcile.js';
import { dropSchema, freshSchemaName, postgresServer } from '../contract/backends.js';
import { spawnCli } from '../cli/support.js';
import { startTestServer, type TestServer } from '../http/support.js';
import { FINANCE, NOW, grantWithAdvance, type TestLedger } from './support.js';

const GRANTS = ['AON/1/2023', 'AON/2/2023', 'AON/3/2023'];
const ADVANCE = '50000.00';
const STATEMENT = [
  'bookedOn,amount,reference',
  ...GRANTS.map((g) => `2023-01-12,-${ADVANCE},${endToEndIdOf(g, 'adv-1')}`),
  '',
].join('\n');
const FAULT = 'injected fault: the disk is full';

/** A store where one kind of fault can be switched on and off. */
interface FaultyStore {
  storeUrl: string;
  /** From now on, the third PaymentSettled insert fails (the two before it succeed). */
  failThirdSettlement(ledger: Ledger): Promise<void>;
  repair(ledger: Ledger): Promise<void>;
  dispose(): Promise<void>;
}

function sqliteFaults(): FaultyStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-ledger-aon-'));
  const db = (ledger: Ledger) => (ledger.store as SqliteEventStore).db;
  return {
    storeUrl: `sqlite:${path.join(dir, 'ledger.db')}`,
    async failThirdSettlement(ledger) {
      db(ledger).exec(`CREATE TRIGGER injected_fault BEFORE INSERT ON events
        WHEN NEW.type = 'PaymentSettled'
         AND (SELECT count(*) FROM events WHERE type = 'PaymentSettled') >= 2
        BEGIN SELECT RAISE(ABORT, '${FAULT}'); END`);
    },
    async repair(ledger) {
      db(ledger).exec('DROP TRIGGER injected_fault');
    },
    async dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresFaults(url: string): FaultyStore {
  const schema = freshSchemaName('reconcile_aon');
  const target = new URL(url);
  target.searchParams.set('schema', schema);
  const pool = (ledger: Ledger) => (ledger.store as PostgresEventStore).db;
  return {
    storeUrl: target.toString(),
    async failThirdSettlement(ledger) {
      // SQLSTATE 53100 disk_full: what PostgreSQL says when its disk is full.
      await pool(ledger).query(`
        CREATE FUNCTION "${schema}".injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.type = 'PaymentSettled' AND
             (SELECT count(*) FROM "${schema}".events WHERE type = 'PaymentSettled') >= 2 THEN
            RAISE EXCEPTION '${FAULT}' USING ERRCODE = 'disk_full';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER injected_fault BEFORE INSERT ON "${schema}".events
          FOR EACH ROW EXECUTE FUNCTION "${schema}".injected_fault();`);
    },
    async repair(ledger) {
      await pool(ledger).query(`DROP TRIGGER injected_fault ON "${schema}".events`);
    },
    async dispose() {
      await dropSchema(url, schema);
    },
  };
}

/** Three grants, each with an attested advance adv-1 of 50 000 that the bank has paid. */
async function threeAttestedAdvances(ledger: Ledger): Promise<void> {
  const t: Pick<TestLedger, 'run'> = {
    async run(command, actor = FINANCE) {
      const result = await ledger.execute(command, { actor });
      if (result.ok) return;
      throw new Error(`${String(command.type)}: ${result.error.code} ${result.error.message}`);
    },
  };
  for (const grantId of GRANTS) {
    await grantWithAdvance(t as TestLedger, grantId, { advance: ADVANCE });
  }
}

/** What a statement could have left behind: settlement events, claimed ids, settled rows. */
async function traces(ledger: Ledger) {
  const settlements: string[] = [];
  for await (const e of ledger.events()) {
    if (e.type === 'PaymentSettled') settlements.push(e.streamId);
  }
  const ids = GRANTS.map((g) => reconcileCommandId(g, 'adv-1', '2023-01-12', ADVANCE));
  const found = await Promise.all(ids.map((id) => ledger.store.findCommand(id)));
  const claimed = found.filter(Boolean);
  const settledRows = (await ledger.payments()).filter((p) => p.settled).map((p) => p.grantId);
  return { settlements, claimed, settledRows };
}

const NOTHING = { settlements: [], claimed: [], settledRows: [] };

const postgres = await postgresServer();
const backends: { name: string; faults: () => FaultyStore; skip?: string }[] = [
  { name: 'SQLite', faults: sqliteFaults },
  'skip' in postgres
    ? { name: 'PostgreSQL', faults: () => sqliteFaults(), skip: postgres.skip }
    : { name: 'PostgreSQL', faults: () => postgresFaults(postgres.url) },
];
afterAll(async () => {
  if (!('skip' in postgres)) await postgres.release?.();
});

for (const backend of backends) {
  if (backend.skip) {
    console.warn(`SKIPPED reconcile all-or-nothing on ${backend.name}: ${backend.skip}`);
  }
  const suite = backend.skip ? describe.skip : describe;

  suite(`reconcile is all-or-nothing on ${backend.name}`, () => {
    let store: FaultyStore;
    let ledger: Ledger;
    beforeEach(async () => {
      store = backend.faults();
      ledger = await openLedger({ storeUrl: store.storeUrl, clock: () => NOW });
      await threeAttestedAdvances(ledger);
    });
    afterEach(async () => {
      await ledger.close();
      await store.dispose();
    });

    it('given a fault on the third settlement, then nothing; later, all three', async () => {
      // given
      await store.failThirdSettlement(ledger);
      // when
      const failed = reconcile(ledger, STATEMENT, { actor: FINANCE });
      // then
      // Compared by message: better-sqlite3's native part keeps the SqliteError class of the
      // first test file that loaded it in this jest worker, so the error can come from
      // another realm, where `rejects.toThrow` does not see an Error.
      const thrown = await failed.then(
        () => 'no error',
        (error: unknown) => String((error as { message?: unknown }).message),
      );
      expect(thrown).toContain(FAULT);
      expect(await traces(ledger)).toEqual(NOTHING);
      const reopened = await openLedger({ storeUrl: store.storeUrl, clock: () => NOW });
      try {
        expect(await traces(reopened)).toEqual(NOTHING);
      } finally {
        await reopened.close();
      }

      // when the fault is gone
      await store.repair(ledger);
      const retried = await reconcile(ledger, STATEMENT, { actor: FINANCE });
      // then
      expect(retried).toMatchObject({ ok: true, recorded: 3, unknownInBank: [] });
      const settledNow = retried.ok && retried.matched.map((m) => [m.grantId, m.alreadySettled]);
      expect(settledNow).toEqual(GRANTS.map((g) => [g, false]));
      const after = await traces(ledger);
      expect(after.settlements.sort()).toEqual(GRANTS.map((g) => `grant-${g}`));
      expect(after.claimed).toHaveLength(3);
      expect(after.settledRows.sort()).toEqual(GRANTS);
      expect((await ledger.verify()).ok).toBe(true);
    });
  });
}

describe('POST /reconcile is all-or-nothing', () => {
  const faults = 'skip' in postgres ? undefined : postgresFaults(postgres.url);
  const it_ = faults ? it : it.skip;
  let server: TestServer;

  afterEach(async () => {
    await server?.close();
    await faults?.dispose();
  });

  // given PostgreSQL fails with a full disk on the third settlement, when a finance officer
  // posts the statement, then 503 STORE_UNAVAILABLE and nothing is recorded; sent again
  // later, it settles all three.
  it_('given a full disk half-way, then 503 and nothing recorded; later, all three', async () => {
    // given
    server = await startTestServer({ storeUrl: () => faults!.storeUrl, clock: () => NOW });
    await threeAttestedAdvances(server.ledger);
    await faults!.failThirdSettlement(server.ledger);
    const request = { who: 'finance', raw: STATEMENT, contentType: 'text/csv' } as const;
    const post = () => server.call('POST', '/reconcile', request);
    // when
    const failed = await post();
    // then
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await traces(server.ledger)).toEqual(NOTHING);

    // when sent again after the fault is gone
    await faults!.repair(server.ledger);
    const retried = await post();
    // then
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ ok: true, recorded: 3 });
    expect((await traces(server.ledger)).settledRows.sort()).toEqual(GRANTS);
  });
});

describe('grant-ledger reconcile is all-or-nothing', () => {
  const faults = 'skip' in postgres ? undefined : postgresFaults(postgres.url);
  const it_ = faults ? it : it.skip;
  let ledger: Ledger | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await ledger?.close();
    await faults?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // given PostgreSQL fails with a full disk on the third settlement, when the CLI reconciles
  // the file, then exit 1 STORE_UNAVAILABLE and nothing is recorded; run again later, it
  // settles all three.
  it_(
    'given a full disk half-way, then exit 1, nothing recorded; later, all three',
    async () => {
      // given
      ledger = await openLedger({ storeUrl: faults!.storeUrl, clock: () => NOW });
      await threeAttestedAdvances(ledger);
      await faults!.failThirdSettlement(ledger);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-ledger-aon-cli-'));
      fs.writeFileSync(path.join(dir, 'statement.csv'), STATEMENT);
      const args = ['--store', faults!.storeUrl, 'reconcile', 'statement.csv', '--json'];
      const run = () => spawnCli(args, { cwd: dir! });
      // when
      const failed = await run();
      // then
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('STORE_UNAVAILABLE');
      expect(await traces(ledger)).toEqual(NOTHING);

      // when run again after the fault is gone
      await faults!.repair(ledger);
      const retried = await run();
      // then
      expect(retried.code).toBe(0);
      expect(JSON.parse(retried.stdout)).toMatchObject({ ok: true, recorded: 3 });
      await ledger.catchUp();
      expect((await traces(ledger)).settledRows.sort()).toEqual(GRANTS);
    },
    120_000,
  );
});
