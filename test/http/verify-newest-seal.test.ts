// domain.md "Seals": GET /verify holds the ledger against the newest seal in its `seals`
// stream and says which seal it used; a tail cut after that seal fails it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sqliteIntruder } from '../contract/intruder.js';
import { loadFoundingCase, startTestServer, type TestServer } from './support.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await loadFoundingCase(server);
});
afterAll(async () => {
  await server.close();
});

describe('GET /verify and the newest seal', () => {
  test('given a sealed ledger whose newest event is then deleted, when verified, then it fails naming the stream and the seal', async () => {
    const sealed = await server.call('POST', '/seals', { who: 'auditor' });
    expect(sealed.status).toBe(201);
    const intact = await server.call('GET', '/verify', { who: 'auditor' });
    expect(intact.body).toMatchObject({
      ok: true,
      newestSeal: { ok: true, sealedAt: sealed.body.sealedAt, root: sealed.body.root },
    });

    const sql = sqliteIntruder(server.dbFile);
    expect(
      await sql(
        "DELETE FROM events WHERE position = (SELECT MAX(position) FROM events WHERE stream_id <> 'seals')",
      ),
    ).toBe(1);

    const cut = await server.call('GET', '/verify', { who: 'auditor' });
    expect(cut.status).toBe(200);
    expect(cut.body).toMatchObject({
      ok: false,
      newestSeal: {
        ok: false,
        sealedAt: sealed.body.sealedAt,
        problems: [{ streamId: 'grant-RUN/573/2022', kind: 'cut-short' }],
      },
    });
    expect(cut.body.firstBreak).toBeUndefined();
    expect(cut.body.note).toMatch(/kept outside the ledger/);
  });
});
