// POST /seals and GET /seals (interfaces.md): auditor and finance seal the ledger as
// themselves; the answer is the seal to keep, recorded in the stream `seals`; the seal
// checks out against the store, and the seal schedule of `serve` records seals by itself.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { checkSeal, type Seal } from '../../infra/eventstore/seal.js';
import { scheduleSeals, parseSealEvery } from '../../infra/seal-schedule.js';
import { ACTORS, loadFoundingCase, startTestServer, type TestServer } from './support.js';

describe('seals over HTTP', () => {
  const key = generateKeyPairSync('ed25519').privateKey;
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ app: { sealKey: key } });
    await loadFoundingCase(server);
  });
  afterAll(() => server.close());

  test('given an auditor, when POST /seals, then 201 answers a signed seal of every grant stream that checks out, recorded with the auditor as actor', async () => {
    const { status, body } = await server.call('POST', '/seals', { who: 'auditor' });

    expect(status).toBe(201);
    const seal = body as Seal;
    expect(seal).toMatchObject({
      streams: 1,
      events: 4,
      heads: [['grant-RUN/573/2022', 3, expect.stringMatching(/^[0-9a-f]{64}$/)]],
    });
    expect(seal.signature).toEqual(expect.any(String));
    expect(await checkSeal(server.ledger.store, seal, key)).toMatchObject({
      ok: true,
      signature: 'valid',
    });
    const recorded = await server.ledger.store.readStream('seals');
    expect(recorded.at(-1)).toMatchObject({
      type: 'LedgerSealed',
      data: seal,
      metadata: { actor: ACTORS.auditor },
    });
  });

  test('given finance, when POST /seals then GET /seals, then every recorded seal is listed oldest first', async () => {
    const made = await server.call('POST', '/seals', { who: 'finance' });
    const listed = await server.call('GET', '/seals', { who: 'finance' });

    expect(made.status).toBe(201);
    expect(listed.status).toBe(200);
    expect((listed.body as Seal[]).at(-1)).toEqual(made.body);
    expect((listed.body as Seal[]).length).toBeGreaterThanOrEqual(2);
  });

  test('given an officer, a viewer or no token, when POST /seals, then 403, 403 and 401 and nothing is recorded', async () => {
    const before = (await server.ledger.store.readStream('seals')).length;

    expect((await server.call('POST', '/seals', { who: 'officer' })).status).toBe(403);
    expect((await server.call('GET', '/seals', { who: 'viewer' })).status).toBe(403);
    expect((await server.call('POST', '/seals')).status).toBe(401);
    expect((await server.ledger.store.readStream('seals')).length).toBe(before);
  });

  test('given a schedule of 1 s, when new events arrive, then a seal is recorded by itself, and none while nothing changes', async () => {
    await server.send({
      type: 'FulfilCondition',
      grantId: 'RUN/573/2022',
      conditionId: 'other-financing',
      fulfilledOn: '2023-06-01',
      evidence: 'Beslut',
    });
    const before = (await server.ledger.seals()).length;
    const made: Seal[] = [];
    const schedule = scheduleSeals(server.ledger, {
      everyMs: parseSealEvery('1s')!,
      key,
      onSeal: (s) => made.push(s),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 2600));
    } finally {
      schedule.stop();
    }

    expect(made).toHaveLength(1);
    expect((await server.ledger.seals()).length).toBe(before + 1);
    expect(made[0]!.events).toBe(5);
  });

  test('given --seal-every values, when parsed, then periods, off, and errors for anything else', () => {
    expect(parseSealEvery('24h')).toBe(86_400_000);
    expect(parseSealEvery('1d')).toBe(86_400_000);
    expect(parseSealEvery('30m')).toBe(1_800_000);
    expect(parseSealEvery('off')).toBeUndefined();
    expect(() => parseSealEvery('daily')).toThrow(/24h/);
    expect(() => parseSealEvery('10ms')).toThrow(/at least 1s/);
  });
});
