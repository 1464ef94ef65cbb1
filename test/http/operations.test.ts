// Operations (interfaces.md): GET /health without a token; a request id in a header and in
// every error body; one JSON log line per request and per server error, with its cause and
// never a token; slow clients cut off; and a store that is full or read-only answers 503
// STORE_UNAVAILABLE while nothing acknowledged is lost (a real, small tmpfs; a connection turned
// read-only under the running server).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { openLedger } from '../../infra/open-ledger.js';
import { isStoreUnavailable } from '../../infra/store-unavailable.js';
import type { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { verifyStore } from '../../infra/eventstore/verify.js';
import { apply } from '../../commands/builders/grant-commands.js';
import { loadFoundingCase, startTestServer, TOKENS, type TestServer } from './support.js';

jest.setTimeout(180_000);

/** pino's lines, collected. */
function logSink(): {
  stream: Writable;
  lines: () => Record<string, unknown>[];
  text: () => string;
} {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return {
    stream,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** A new grant's application, with a commandId of its own (so that a retry is recognised). */
const application = (grantId: string) => apply({ grantId, meta: { commandId: `ops:${grantId}` } });

describe('health, request ids and logs', () => {
  const log = logSink();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      app: { logger: { stream: log.stream }, headersTimeoutMs: 1000 },
    });
    await loadFoundingCase(server);
  });
  afterAll(() => server.close());

  test('given no token, when GET /health, then 200 says the store answers', async () => {
    const { status, body } = await server.call('GET', '/health');

    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', store: 'sqlite' });
  });

  test('given any request, when answered, then x-request-id is set, and an error body carries the same id; a plain id of the caller is kept', async () => {
    const denied = await server.call('GET', '/grants');
    const given = await fetch(`${server.url}/grants/nope`, {
      headers: { authorization: `Bearer ${TOKENS.viewer}`, 'x-request-id': 'lb-7f3a.42' },
    });
    const unsafe = await fetch(`${server.url}/health`, {
      headers: { 'x-request-id': 'x'.repeat(500) },
    });

    expect(denied.status).toBe(401);
    expect(denied.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(denied.body.error.requestId).toBe(denied.headers.get('x-request-id'));
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a.42');
    expect(((await given.json()) as { error: { requestId: string } }).error.requestId).toBe(
      'lb-7f3a.42',
    );
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('given requests with tokens, when logged, then one JSON line per request with id, route, status and duration, and no token anywhere', async () => {
    await server.call('GET', '/grants', { who: 'auditor' });
    const { headers } = await server.call('GET', '/grants/RUN%2F573%2F2022', { who: 'viewer' });
    const id = headers.get('x-request-id');

    const lines = log.lines().filter((l) => l.reqId === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/grants/:id',
      status: 200,
      durationMs: expect.any(Number),
    });
    for (const token of Object.values(TOKENS)) expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain('authorization');
  });

  test('given a failure inside a request, when it answers 500, then the log holds the cause under the request id the body names', async () => {
    const grants = server.ledger.readModels.grants.bind(server.ledger.readModels);
    server.ledger.readModels.grants = async () => {
      throw new Error('the grants table went away');
    };
    try {
      const { status, body } = await server.call('GET', '/grants', { who: 'viewer' });

      expect(status).toBe(500);
      expect(body.error).toMatchObject({ code: 'INTERNAL', requestId: expect.any(String) });
      const logged = log.lines().find((l) => l.reqId === body.error.requestId && l.level === 50);
      expect(logged).toMatchObject({
        msg: 'request failed',
        err: { message: 'the grants table went away', stack: expect.any(String) },
      });
    } finally {
      server.ledger.readModels.grants = grants;
    }
  });

  test('given a client that never finishes its headers, when the header timeout passes, then the connection is answered 408 and closed', async () => {
    const url = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () =>
        socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'),
      );
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('still open after 8 s')), 8000).unref();
    });

    expect(answer).toMatch(/^HTTP\/1.1 408/);
  });
});

/** A tmpfs of its own: even root cannot write past its size, or into it once it is read-only. */
function tmpfs(sizeMb: number): { dir: string; remount(options: string): void; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  return {
    dir,
    remount: (options) => execFileSync('mount', ['-o', `remount,${options}`, dir]),
    dispose: () => {
      execFileSync('umount', [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('a store that cannot take writes', () => {
  test('given a full disk, when commands keep coming, then 503 STORE_UNAVAILABLE, health still answers, and once there is room every acknowledged command is there and a retry records the rest exactly once', async () => {
    const disk = tmpfs(1);
    const file = path.join(disk.dir, 'ledger.db');
    const acknowledged: string[] = [];
    const refused: string[] = [];
    try {
      const server = await startTestServer({ storeUrl: () => `sqlite:${file}` });
      try {
        for (let i = 1; i <= 3000 && refused.length < 3; i++) {
          const grantId = `OPS/${i}/2024`;
          const { status, body } = await server.send(application(grantId), 'officer');
          if (status === 200) acknowledged.push(grantId);
          else {
            expect(status).toBe(503);
            expect(body.error).toMatchObject({
              code: 'STORE_UNAVAILABLE',
              requestId: expect.any(String),
            });
            refused.push(grantId);
          }
        }
        expect(refused).toHaveLength(3);
        expect(acknowledged.length).toBeGreaterThan(10);
        expect((await server.call('GET', '/health')).status).toBe(200);
      } finally {
        await server.close().catch(() => undefined);
      }

      disk.remount('size=64m');
      const ledger = await openLedger({ storeUrl: `sqlite:${file}` });
      try {
        for (const grantId of acknowledged)
          expect(await ledger.balance(grantId)).toMatchObject({ grantId, status: 'applied' });
        for (const grantId of refused)
          expect((await ledger.execute(application(grantId), { actor: 'officer@test' })).ok).toBe(
            true,
          );
        for (const grantId of [...acknowledged, ...refused])
          expect(await ledger.store.readStream(`grant-${grantId}`)).toHaveLength(1);
        expect((await verifyStore(ledger.store)).ok).toBe(true);
      } finally {
        await ledger.close();
      }
    } finally {
      disk.dispose();
    }
  });

  test('given the store turned read-only under the running server, when a command comes, then 503 STORE_UNAVAILABLE, reads and health still answer, and nothing acknowledged is lost', async () => {
    const server = await startTestServer();
    try {
      await loadFoundingCase(server);
      const before = (await server.ledger.store.readStream('grant-RUN/573/2022')).length;
      // A file system cannot be remounted read-only under open files; SQLite's query_only
      // makes the server's own connection refuse writes the same way (SQLITE_READONLY).
      const db = (server.ledger.store as SqliteEventStore).db;
      db.pragma('query_only = ON');

      const { status, body } = await server.send(application('OPS/RO/2024'), 'officer');
      expect(status).toBe(503);
      expect(body.error.code).toBe('STORE_UNAVAILABLE');
      expect((await server.call('GET', '/health')).status).toBe(200);
      expect((await server.call('GET', '/grants/RUN%2F573%2F2022', { who: 'viewer' })).status).toBe(
        200,
      );
      expect(await server.ledger.store.readStream('grant-RUN/573/2022')).toHaveLength(before);

      db.pragma('query_only = OFF');
      expect((await server.send(application('OPS/RO/2024'), 'officer')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  test('given a store that no longer answers, when GET /health, then 503 STORE_UNAVAILABLE', async () => {
    const server = await startTestServer();
    try {
      (server.ledger.store as SqliteEventStore).db.close();

      const { status, body } = await server.call('GET', '/health');

      expect(status).toBe(503);
      expect(body.error.code).toBe('STORE_UNAVAILABLE');
    } finally {
      await server.close().catch(() => undefined);
    }
  });
});

describe('which errors mean the store is unavailable', () => {
  test.each([
    [{ code: 'SQLITE_FULL' }, true],
    [{ code: 'SQLITE_READONLY_DBMOVED' }, true],
    [{ code: 'SQLITE_IOERR_WRITE' }, true],
    [{ code: '53100', severity: 'ERROR' }, true],
    [{ code: '25006', severity: 'ERROR' }, true],
    [{ errors: [{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }] }, true],
    [{ message: 'wrapped', cause: { code: 'ENOSPC' } }, true],
    [{ code: '23505', severity: 'ERROR' }, false],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }, false],
    [new Error('a bug'), false],
  ])('given %j, then %s', (error, expected) => {
    expect(isStoreUnavailable(error)).toBe(expected);
  });
});
