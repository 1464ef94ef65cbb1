// A commandId is unique in the whole ledger (domain.md "Idempotency"), in every store,
// across restarts and racing processes: the same id with the same command appends nothing
// and answers the first result; with another command it is IDEMPOTENCY_CONFLICT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CommandHandler } from '../../commands/handler.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import { openEventStore } from '../../infra/eventstore/open.js';
import type { EventStore } from '../../commands/event-store-port.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';
import { apply, approve, GRANT, payAdvance } from '../../commands/builders/grant-commands.js';
import { runWorkerProcess } from '../support/worker-process.js';

const DATABASE_URL = process.env.DATABASE_URL;
const dirs: string[] = [];
const schemas: string[] = [];

afterAll(async () => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(DATABASE_URL!, schema);
});

/** A fresh store URL of each kind that can run here (memory: within one process only). */
function storeUrl(kind: string): string {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idempotency-'));
    dirs.push(dir);
    return `sqlite:${path.join(dir, 'ledger.db')}`;
  }
  const schema = freshSchemaName('idem');
  schemas.push(schema);
  return `${DATABASE_URL}?schema=${schema}`;
}

const kinds = ['sqlite', ...(DATABASE_URL ? ['postgres'] : [])];
if (!DATABASE_URL) console.warn('idempotency on PostgreSQL: skipped — DATABASE_URL is not set');

const advance = (o: Record<string, unknown> = {}) =>
  payAdvance({ amount: '10000', meta: { actor: 'orderer@test', commandId: 'order-adv-1' }, ...o });

async function approvedGrant(store: EventStore): Promise<CommandHandler> {
  const handler = new CommandHandler({ store });
  for (const c of [apply(), approve()]) expect((await handler.handle(c)).ok).toBe(true);
  return handler;
}

describe.each(kinds)('the ledger-wide commandId index (%s)', (kind) => {
  it('given an advance ordered with commandId order-adv-1, when the same command comes again (amount written 10000.00), then a duplicate with the first events and nothing appended', async () => {
    // given
    const store = await openEventStore(storeUrl(kind));
    const handler = await approvedGrant(store);
    const first = await handler.handle(advance());
    // when
    const again = await handler.handle(advance({ amount: '10000.00' }));
    // then
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(again.ok && first.ok && again.events.map((e) => e.position)).toEqual(
      first.ok && first.events.map((e) => e.position),
    );
    expect(await store.readStream(streamIdOf(GRANT))).toHaveLength(3);
    await store.close();
  });

  it('given commandId order-adv-1 used, when it comes with another amount or for another grant, then IDEMPOTENCY_CONFLICT — also after a restart', async () => {
    // given
    const url = storeUrl(kind);
    const store = await openEventStore(url);
    const handler = await approvedGrant(store);
    expect((await handler.handle(advance())).ok).toBe(true);
    await handler.handle(apply({ grantId: 'OTHER/1/2023' }));
    // when / then
    const conflict = { ok: false, error: { code: 'IDEMPOTENCY_CONFLICT', path: 'meta.commandId' } };
    expect(await handler.handle(advance({ amount: '9999' }))).toMatchObject(conflict);
    await store.close();
    // a new process: a fresh handler on the reopened store
    const reopened = await openEventStore(url);
    const fresh = new CommandHandler({ store: reopened });
    expect(await fresh.handle(advance({ amount: '9999' }))).toMatchObject(conflict);
    // another grant, and one that does not exist: the conflict comes before UNKNOWN_GRANT
    expect(await fresh.handle(advance({ grantId: 'OTHER/1/2023' }))).toMatchObject(conflict);
    expect(await fresh.handle(advance({ grantId: 'NONE/1/2023' }))).toMatchObject(conflict);
    expect(await fresh.handle(advance())).toMatchObject({ ok: true, duplicate: true });
    expect(await reopened.readStream(streamIdOf(GRANT))).toHaveLength(3);
    await reopened.close();
  });

  it('given two processes sending one commandId at the same moment, with different commands (two grants) or the same one, then exactly one is recorded and the other is a conflict or a duplicate', async () => {
    // given: 10 rounds; in each, process A applies for RACE-A/i and process B for RACE-B/i
    // under the same commandId; and both send the very same application RACE-S/i
    const url = storeUrl(kind);
    const rounds = 10;
    const commands = (who: string) =>
      Array.from({ length: rounds }, (_, i) => [
        apply({
          grantId: `RACE-${who}/${i}`,
          meta: { actor: `${who}@test`, commandId: `race-${i}` },
        }),
        apply({ grantId: `RACE-S/${i}`, meta: { actor: `${who}@test`, commandId: `same-${i}` } }),
      ]).flat();
    await (await openEventStore(url)).close();
    const startAt = Date.now() + 2000;
    // when
    const [a, b] = await Promise.all([
      runWorker(url, startAt, commands('A')),
      runWorker(url, startAt, commands('B')),
    ]);
    // then
    const store = await openEventStore(url);
    for (let i = 0; i < rounds; i++) {
      const [aDiff, aSame] = [a[2 * i]!, a[2 * i + 1]!];
      const [bDiff, bSame] = [b[2 * i]!, b[2 * i + 1]!];
      expect([aDiff.ok, bDiff.ok].sort()).toEqual([false, true]);
      expect([aDiff.code, bDiff.code]).toContain('IDEMPOTENCY_CONFLICT');
      const streams = [
        (await store.readStream(`grant-RACE-A/${i}`)).length,
        (await store.readStream(`grant-RACE-B/${i}`)).length,
      ];
      expect(streams.sort()).toEqual([0, 1]);
      // the same command: both acknowledged, with the one event stored (the later one meets
      // it in the index, or in the store's idempotent re-append of the same event ids)
      expect(aSame.ok && bSame.ok).toBe(true);
      expect(aSame.positions).toEqual(bSame.positions);
      expect(await store.readStream(`grant-RACE-S/${i}`)).toHaveLength(1);
    }
    await store.close();
  }, 120_000);
});

interface WorkerLine {
  ok: boolean;
  positions: number[];
  code: string | null;
}

function runWorker(url: string, startAt: number, commands: unknown[]): Promise<WorkerLine[]> {
  return runWorkerProcess<WorkerLine>('test/support/command-worker.ts', [
    url,
    String(startAt),
    JSON.stringify(commands),
  ]);
}
