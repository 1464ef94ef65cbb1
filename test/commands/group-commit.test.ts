// SQLite group commit: appends that arrive together share one transaction and one fsync,
// and yet each is checked against the stream as the appends before it left it, a failing
// one takes only itself down, and nothing is acknowledged before the COMMIT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { streamIdOf } from '../../domain/grant/decider.js';
import { WrongExpectedRevisionError, type NewEvent } from '../../commands/event-store-port.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { openLedger } from '../../infra/open-ledger.js';
import type { Ledger } from '../../infra/ledger.js';
import {
  apply,
  approve,
  attest,
  GRANT,
  payAdvance,
  payClaim,
  reportCosts,
  review,
} from '../../commands/builders/grant-commands.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function storeFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
  dirs.push(dir);
  return path.join(dir, 'ledger.db');
}

async function openFileLedger(
  file = storeFile(),
): Promise<{ ledger: Ledger; store: SqliteEventStore }> {
  const ledger = await openLedger({ storeUrl: `sqlite:${file}` });
  return { ledger, store: ledger.store as SqliteEventStore };
}

const event = (streamId: string, n: number): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'Noted',
  version: 1,
  data: { n },
  metadata: {
    actor: 'tester',
    commandId: `${streamId}#${n}`,
    recordedAt: '2024-01-01T00:00:00.000Z',
  },
});

/** A grant whose claim-1 leaves 7,000.00 payable (45,000 approved at 60 %, 20,000 advanced). */
async function grantWithPayable(ledger: Ledger, grantId = GRANT): Promise<void> {
  const g = { grantId };
  for (const c of [
    apply(g),
    approve(g, { conditions: [] }),
    payAdvance(g),
    attest('adv-1', g),
    reportCosts(g),
    review(g),
  ]) {
    const result = await ledger.execute(c);
    expect(result).toMatchObject({ ok: true });
  }
}

describe('SQLite group commit', () => {
  it(
    'given ten grants, when a command for each arrives at once,' +
      ' then one transaction commits all ten and each is stored and projected',
    async () => {
      // given
      const { ledger, store } = await openFileLedger();
      const ids = Array.from({ length: 10 }, (_, i) => `GROUP/${i}/2024`);
      const before = store.appendCounters();
      // when
      const results = await Promise.all(ids.map((grantId) => ledger.execute(apply({ grantId }))));
      // then
      expect(results.every((r) => r.ok)).toBe(true);
      const after = store.appendCounters();
      expect(after.appends - before.appends).toBe(10);
      expect(after.commits - before.commits).toBe(1);
      expect(after.largestGroup).toBe(10);
      for (const grantId of ids)
        expect(await ledger.balance(grantId)).toMatchObject({ grantId, status: 'applied' });
      expect(await ledger.verify()).toMatchObject({ ok: true, events: 10 });
      await ledger.close();
    },
  );

  it(
    'given 7,000.00 payable, when two payments of 5,000.00 arrive at once,' +
      ' then one is ordered and the other is decided on the state the first left (EXCEEDS_PAYABLE)',
    async () => {
      // given
      const { ledger, store } = await openFileLedger();
      await grantWithPayable(ledger);
      const before = store.appendCounters();
      // when
      const [first, second] = await Promise.all([
        ledger.execute(payClaim({ paymentId: 'pay-1', amount: '5000' })),
        ledger.execute(payClaim({ paymentId: 'pay-2', amount: '5000' })),
      ]);
      // then: both were decided before either was stored, so they met in one group
      expect(store.appendCounters().largestGroup).toBeGreaterThanOrEqual(2);
      expect(store.appendCounters().appends - before.appends).toBe(1);
      const outcomes = [first, second].map((r) => (r.ok ? 'ordered' : r.error.code)).sort();
      expect(outcomes).toEqual(['EXCEEDS_PAYABLE', 'ordered']);
      const orders = (await ledger.store.readStream(streamIdOf(GRANT))).filter(
        (e) => e.type === 'PaymentOrdered',
      );
      expect(orders).toHaveLength(2); // the advance and one claim payment
      expect(await ledger.balance(GRANT)).toMatchObject({
        pendingPayments: '5000.00',
        payable: '2000.00',
      });
      await ledger.close();
    },
  );

  it(
    'given one command sent twice at once with one commandId, when both are handled,' +
      ' then it is stored once and both answers carry its events',
    async () => {
      // given
      const { ledger } = await openFileLedger();
      await grantWithPayable(ledger);
      const command = payClaim({ meta: { actor: 'orderer@test', commandId: 'pay-once' } });
      // when
      const results = await Promise.all([ledger.execute(command), ledger.execute(command)]);
      // then
      // (met in one group, the second is an idempotent re-append of the first's events)
      expect(results.every((r) => r.ok)).toBe(true);
      const [a, b] = results.map((r) => (r.ok ? r.events.map((e) => e.eventId) : []));
      expect(a).toEqual(b);
      const stored = (await ledger.store.readStream(streamIdOf(GRANT))).filter(
        (e) => e.metadata.commandId === 'pay-once',
      );
      expect(stored).toHaveLength(1);
      expect(await ledger.balance(GRANT)).toMatchObject({ pendingPayments: '7000.00' });
      await ledger.close();
    },
  );

  it(
    'given two grants, when two different commands with one commandId arrive at once,' +
      ' then the first stored wins and the other is IDEMPOTENCY_CONFLICT',
    async () => {
      // given
      const { ledger } = await openFileLedger();
      const meta = { actor: 'registrar@test', commandId: 'shared-id' };
      // when
      const results = await Promise.all([
        ledger.execute(apply({ grantId: 'ONE/1/2024', meta })),
        ledger.execute(apply({ grantId: 'TWO/1/2024', meta })),
      ]);
      // then
      const codes = results.map((r) => (r.ok ? 'stored' : r.error.code)).sort();
      expect(codes).toEqual(['IDEMPOTENCY_CONFLICT', 'stored']);
      expect(await ledger.store.listStreams()).toHaveLength(1);
      await ledger.close();
    },
  );

  it(
    'given a group, when one of its appends expects a revision its stream is not at,' +
      ' then only that append fails and the others commit',
    async () => {
      // given
      const store = SqliteEventStore.open(storeFile());
      await store.append('a', [event('a', 1)], 'no_stream');
      const before = store.appendCounters();
      // when
      const settled = await Promise.allSettled([
        store.append('a', [event('a', 2)], 0),
        store.append('a', [event('a', 3)], 0), // the first of the group moved the stream on
        store.append('b', [event('b', 4)], 'no_stream'),
      ]);
      // then
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(store.appendCounters().commits - before.commits).toBe(1);
      expect((await store.readStream('a')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect((await store.readStream('b')).map((e) => e.revision)).toEqual([0]);
      await store.close();
    },
  );

  it(
    'given a group whose COMMIT fails, when its appends settle,' +
      ' then every one is rejected, none is stored or projected, and the next group commits',
    async () => {
      // given: a deferred foreign key, checked only at COMMIT, broken by any event of
      // stream "poison"
      const file = storeFile();
      const { ledger, store } = await openFileLedger(file);
      store.db.exec(`
      CREATE TABLE poison_parent (id INTEGER PRIMARY KEY);
      CREATE TABLE poison (
        parent INTEGER REFERENCES poison_parent (id) DEFERRABLE INITIALLY DEFERRED
      );
      CREATE TRIGGER poison_at_commit AFTER INSERT ON events WHEN NEW.stream_id = 'poison'
        BEGIN INSERT INTO poison (parent) VALUES (1); END;`);
      // when
      const settled = await Promise.allSettled([
        ledger.execute(apply({ grantId: 'KEPT/1/2024' })),
        store.append('poison', [event('poison', 1)], 'no_stream'),
        ledger.execute(apply({ grantId: 'ALSO/1/2024' })),
      ]);
      // then
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
      expect(await store.listStreams()).toEqual([]);
      expect(await ledger.balance('KEPT/1/2024')).toBeUndefined();
      expect(await ledger.grants()).toEqual([]);
      // and then: the store and its read models go on
      const next = await Promise.all([
        ledger.execute(apply({ grantId: 'KEPT/1/2024' })),
        ledger.execute(apply({ grantId: 'NEXT/1/2024' })),
      ]);
      expect(next.every((r) => r.ok)).toBe(true);
      expect((await ledger.grants()).map((g) => g.grantId).sort()).toEqual([
        'KEPT/1/2024',
        'NEXT/1/2024',
      ]);
      await ledger.close();
      // and a fresh process sees exactly what was acknowledged
      const reopened = await openFileLedger(file);
      expect(await reopened.store.listStreams()).toEqual([
        streamIdOf('KEPT/1/2024'),
        streamIdOf('NEXT/1/2024'),
      ]);
      expect(await reopened.ledger.verify()).toMatchObject({ ok: true, events: 2 });
      await reopened.ledger.close();
    },
  );

  it(
    'given group commit off, when appends arrive at once,' + ' then each commits alone',
    async () => {
      // given
      const store = new SqliteEventStore({ path: storeFile(), groupCommit: false });
      // when
      await Promise.all(['x', 'y', 'z'].map((s, i) => store.append(s, [event(s, i)], 'no_stream')));
      // then
      expect(store.appendCounters()).toEqual({ appends: 3, commits: 3, largestGroup: 1 });
      await store.close();
    },
  );
});
