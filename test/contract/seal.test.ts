// Seals (domain.md "Seals"): what a hash chain alone cannot show. Whoever removes the newest
// events of a stream, a whole stream, the tail of the log, or swaps a stream for a copy
// re-hashed with our own code, leaves every chain intact, and is caught by checking a seal
// made before, which names each stream. Run on SQLite and PostgreSQL, tampering with plain
// SQL on a connection of the intruder's own.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventStore } from '../../commands/event-store-port.js';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import {
  checkSeal,
  makeSeal,
  recordedSeals,
  recordSeal,
  rootOf,
  SEALS_STREAM,
  signedText,
  type Seal,
} from '../../infra/eventstore/seal.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { verifyStore } from '../../infra/eventstore/verify.js';
import { dropSchema, freshSchemaName, postgresServer } from './backends.js';
import { postgresIntruder, sqliteIntruder, type IntruderSql } from './intruder.js';
import { newEvents, streamName } from './eventstore.contract.js';

/** A store and plain SQL on its events table behind its back; `sql` returns the rows touched. */
interface Target {
  name: string;
  skip?: string;
  open(): Promise<{ store: EventStore; sql: IntruderSql; dispose(): Promise<void> }>;
}

const sqlite: Target = {
  name: 'sqlite',
  open: async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-seal-'));
    const file = path.join(dir, 'ledger.db');
    const store = SqliteEventStore.open(file);
    const run = sqliteIntruder(file);
    return {
      store,
      // one statement text for both back ends: $n parameters become SQLite's ?
      sql: (statement, ...params) => run(statement.replace(/\$\d+/g, '?'), ...params),
      dispose: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const server = await postgresServer();
const postgres: Target = {
  name: 'postgres',
  ...('skip' in server ? { skip: server.skip } : {}),
  open: async () => {
    if ('skip' in server) throw new Error(server.skip);
    const schema = freshSchemaName('seal');
    const store = await PostgresEventStore.open({ connectionString: server.url, schema });
    return {
      store,
      sql: postgresIntruder(server.url, schema),
      dispose: async () => {
        await store.close();
        await dropSchema(server.url, schema);
      },
    };
  },
};

afterAll(async () => {
  if (!('skip' in server)) await server.release?.();
});

const SEALED_AT = new Date('2024-06-30T22:00:00.000Z');
const ed25519 = () => generateKeyPairSync('ed25519').privateKey;

for (const target of [sqlite, postgres]) {
  if (target.skip) console.warn(`SKIPPED ${target.name} seal tests: ${target.skip}`);
  const suite = target.skip ? describe.skip : describe;

  suite(`seals of a ${target.name} event store`, () => {
    let t: Awaited<ReturnType<Target['open']>>;
    let a: string;
    let b: string;
    let c: string;
    let seal: Seal;
    const key = ed25519();

    beforeEach(async () => {
      // given three streams (3, 4 and 2 events) sealed with a key, the seal recorded
      t = await target.open();
      [a, b, c] = [streamName('grant-a'), streamName('grant-b'), streamName('grant-c')];
      await t.store.append(a, newEvents(3), 'no_stream');
      await t.store.append(b, newEvents(4, 3), 'no_stream');
      await t.store.append(c, newEvents(2, 7), 'no_stream');
      seal = await makeSeal(t.store, SEALED_AT, key);
      await recordSeal(t.store, seal, 'auditor@test');
    });

    afterEach(async () => {
      await t.dispose();
    });

    it('given an untouched store, when the seal is made, then it holds every stream head sorted, the counts and the root', async () => {
      const streams = await Promise.all(
        [a, b, c].sort().map(async (s) => (await t.store.readStream(s)).at(-1)!),
      );

      expect(seal.heads).toEqual(streams.map((e) => [e.streamId, e.revision, e.metadata.hash]));
      expect(seal).toMatchObject({
        sealedAt: SEALED_AT.toISOString(),
        streams: 3,
        events: 9,
        position: streams.reduce((m, e) => Math.max(m, e.position), 0),
      });
      expect(seal.root).toBe(rootOf(seal.heads));
      expect(await checkSeal(t.store, seal, key)).toMatchObject({
        ok: true,
        signature: 'valid',
        keyPinned: true,
        problems: [],
      });
    });

    it('given the seal recorded in the stream seals, when sealing again, then the seals stream is not part of the root', async () => {
      const again = await makeSeal(t.store, SEALED_AT, key);

      expect((await recordedSeals(t.store)).map((s) => s.root)).toEqual([seal.root]);
      expect(again.root).toBe(seal.root);
      expect(again.heads.map(([id]) => id)).not.toContain(SEALS_STREAM);
    });

    it('given events appended after the seal, when checking it, then it still holds', async () => {
      await t.store.append(a, newEvents(2, 20), 2);
      await t.store.append(streamName('grant-d'), newEvents(1, 30), 'no_stream');

      expect((await checkSeal(t.store, seal, key)).ok).toBe(true);
    });

    it('given the newest event of a stream deleted, when checking, then every chain is intact but the seal names the stream cut short', async () => {
      expect(await t.sql('DELETE FROM events WHERE stream_id = $1 AND revision = $2', b, 3)).toBe(
        1,
      );

      expect((await verifyStore(t.store)).ok).toBe(true);
      const check = await checkSeal(t.store, seal, key);
      expect(check.ok).toBe(false);
      expect(check.problems).toEqual([
        {
          streamId: b,
          kind: 'cut-short',
          sealedRevision: 3,
          sealedHash: seal.heads.find(([id]) => id === b)![2],
          lastRevision: 2,
        },
      ]);
    });

    it('given a whole stream deleted, when checking, then the seal names it removed', async () => {
      expect(await t.sql('DELETE FROM events WHERE stream_id = $1', c)).toBe(2);

      expect((await verifyStore(t.store)).ok).toBe(true);
      const check = await checkSeal(t.store, seal, key);
      expect(check.ok).toBe(false);
      expect(check.problems.map((p) => [p.streamId, p.kind])).toEqual([[c, 'removed']]);
    });

    it('given the log truncated after the first stream, when checking, then each stream cut short or removed is named', async () => {
      const cut = (await t.store.readStream(a)).at(-1)!.position;
      const firstOfB = (await t.store.readStream(b))[0]!.position;
      // the first event of b stays: b is cut short, c (and the seals) are gone
      expect(await t.sql('DELETE FROM events WHERE position > $1', firstOfB)).toBeGreaterThan(0);
      expect(cut).toBeLessThan(firstOfB);

      expect((await verifyStore(t.store)).ok).toBe(true);
      const check = await checkSeal(t.store, seal, key);
      expect(check.problems.map((p) => [p.streamId, p.kind, p.lastRevision])).toEqual(
        [
          [b, 'cut-short', 0],
          [c, 'removed', undefined],
        ].sort(([x], [y]) => (x! < y! ? -1 : 1)),
      );
    });

    it('given a stream replaced by a copy re-hashed with the store itself, when checking, then every chain is intact and the seal names it', async () => {
      const original = await t.store.readStream(a);
      await t.sql('DELETE FROM events WHERE stream_id = $1', a);
      const forged = newEvents(3, 40).map((e, i) => {
        const { hash: _hash, ...metadata } = original[i]!.metadata;
        return { ...e, type: original[i]!.type, metadata };
      });
      await t.store.append(a, forged, 'no_stream');

      expect((await verifyStore(t.store)).ok).toBe(true);
      const check = await checkSeal(t.store, seal, key);
      expect(check.problems.map((p) => [p.streamId, p.kind])).toEqual([[a, 'changed']]);
    });

    it('given a seal signed by another key, when checking it against ours, then it is refused', async () => {
      const foreign = await makeSeal(t.store, SEALED_AT, ed25519());

      const check = await checkSeal(t.store, foreign, key);
      expect(check).toMatchObject({ ok: false, signature: 'other-key', problems: [] });
    });

    it('given a seal whose fields were edited after signing, when checking, then the signature is invalid', async () => {
      const edited = { ...seal, events: seal.events + 1 };

      expect(await checkSeal(t.store, edited, key)).toMatchObject({
        ok: false,
        signature: 'invalid',
      });
      expect(await checkSeal(t.store, { ...seal, heads: seal.heads.slice(1) }, key)).toMatchObject({
        ok: false,
        inconsistent: expect.any(String),
      });
    });

    it('given an unsigned seal, when a key is configured, then it is refused; without a key it is checked on its content', async () => {
      const { signature: _s, publicKey: _p, ...unsigned } = seal;

      expect(await checkSeal(t.store, unsigned, key)).toMatchObject({
        ok: false,
        signature: 'unsigned',
      });
      expect(await checkSeal(t.store, unsigned)).toMatchObject({
        ok: true,
        signature: 'unsigned',
        keyPinned: false,
      });
      expect(signedText(seal)).toBe(
        `{"events":9,"position":${seal.position},"root":"${seal.root}","sealedAt":"${SEALED_AT.toISOString()}","streams":3}`,
      );
    });
  });
}
