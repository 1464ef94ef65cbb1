// Several app instances on one database: two real `serve` processes on one SQLite file, and
// (when DATABASE_URL is set) on one PostgreSQL schema, under concurrent load — the grant
// workload from eight clients spread over both, while payment orders race for one grant's
// payable from both sides. Then: no payment beyond payable, every acknowledged command
// stored exactly once, and both instances answer the same balances.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { HttpClient, runLoad, workloadActors, type Reply } from '../../bench/http-load.js';
import {
  startServe,
  writeTokens,
  type ServeProcess,
  type Tokens,
} from '../../bench/serve-process.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import { openEventStore } from '../../infra/eventstore/open.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';
import {
  apply,
  approve,
  attest,
  payAdvance,
  payClaim,
  reportCosts,
  review,
} from '../../commands/builders/grant-commands.js';

jest.setTimeout(300_000);

const DATABASE_URL = process.env.DATABASE_URL;
const CONTENDED = 'RACE/1/2024';
const OFFICER = 'officer@instances';
const ORDERER = 'orderer@instances';
const ATTESTER = 'attester@instances';
/** claim-1 leaves 7,000.00 payable; RACERS orders of 1,000.00 each race for it. */
const RACERS = 12;

let tokens: Tokens;
const dirs: string[] = [];
const schemas: string[] = [];

beforeAll(() => {
  tokens = writeTokens([...workloadActors(), OFFICER, ORDERER, ATTESTER]);
});

afterAll(async () => {
  tokens.dispose();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(DATABASE_URL!, schema);
});

function storeUrl(kind: 'sqlite' | 'postgres'): string {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instances-'));
    dirs.push(dir);
    return `sqlite:${path.join(dir, 'ledger.db')}`;
  }
  const schema = freshSchemaName('instances');
  schemas.push(schema);
  return `${DATABASE_URL}?schema=${schema}`;
}

const token = (actor: string) => tokens.byActor.get(actor)!;

async function command(client: HttpClient, actor: string, body: Record<string, unknown>) {
  return client.request('POST', '/commands', token(actor), body);
}

/** Everything each instance answers for the grants, to compare. */
async function balances(client: HttpClient): Promise<unknown> {
  const reply = await client.request('GET', '/grants', token(OFFICER));
  expect(reply.status).toBe(200);
  return reply.body;
}

const kinds: ('sqlite' | 'postgres')[] = [
  'sqlite',
  ...(DATABASE_URL ? (['postgres'] as const) : []),
];
if (!DATABASE_URL)
  console.warn('several instances on PostgreSQL: skipped — DATABASE_URL is not set');

describe.each(kinds)('two serve instances on one %s store', (kind) => {
  let url: string;
  const servers: ServeProcess[] = [];
  const clients: HttpClient[] = [];

  beforeAll(async () => {
    url = storeUrl(kind);
    servers.push(await startServe(url, tokens.file));
    servers.push(await startServe(url, tokens.file));
    clients.push(...servers.map((s) => new HttpClient(s.url, 16)));
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    const codes = await Promise.all(servers.map((s) => s.stop()));
    expect(codes).toEqual([0, 0]);
  });

  it(
    'given a grant with 7,000.00 payable, when eight clients load both instances while twelve ' +
      'orders of 1,000.00 race from both, then at most seven are ordered, every acknowledged ' +
      'command is stored once, and both instances answer the same balances',
    async () => {
      // given
      const [a, b] = clients as [HttpClient, HttpClient];
      const g = { grantId: CONTENDED };
      const setup = [
        [OFFICER, apply(g)],
        [OFFICER, approve(g, { conditions: [] })],
        [ORDERER, payAdvance(g)],
        [ATTESTER, attest('adv-1', g)],
        [ORDERER, reportCosts(g)],
        [ORDERER, review(g)],
      ] as const;
      for (const [actor, body] of setup) expect((await command(a, actor, body)).status).toBe(200);

      // when: the workload on both, the race on both, and one order sent to both at once
      const race = Array.from({ length: RACERS }, (_, i) => {
        const order = payClaim({
          ...g,
          paymentId: `race-${i}`,
          amount: '1000',
          meta: { commandId: `race-${i}` },
        });
        return command(i % 2 === 0 ? a : b, ORDERER, order);
      });
      const twice = payClaim({
        ...g,
        paymentId: 'twice',
        amount: '1000',
        meta: { commandId: 'twice' },
      });
      const sentTwice = [command(a, ORDERER, twice), command(b, ORDERER, twice)];
      const [load, raced, doubled] = await Promise.all([
        runLoad({
          urls: servers.map((s) => s.url),
          clients: 8,
          maxCommands: 120,
          maxSeconds: 120,
          grantPrefix: 'INST',
          tokens: tokens.byActor,
        }),
        Promise.all(race),
        Promise.all(sentTwice),
      ]);

      // then: the load was all accepted
      expect(load.failures).toEqual([]);
      expect(load.acknowledged).toBe(120);
      // and the race: refused ones are refused for the payable (or gave up on a busy stream)
      const ordered = raced.filter((r) => r.status === 200).length;
      const refusals = raced.filter((r) => r.status !== 200).map(codeOf);
      expect(
        refusals.every((code) => code === 'EXCEEDS_PAYABLE' || code === 'CONCURRENCY_CONFLICT'),
      ).toBe(true);
      // and the order sent twice is one order (or one refusal), answered alike
      expect(doubled[1]!.status).toBe(doubled[0]!.status);
      expect(eventIds(doubled[0]!)).toEqual(eventIds(doubled[1]!));
      const twiceOrdered = doubled[0]!.status === 200 ? 1 : 0;

      const store = await openEventStore(url);
      try {
        const events: StoredEvent[] = [];
        for await (const e of store.readAll()) events.push(e);
        // no payment beyond payable: what is ordered for claim-1 fits its 7,000.00
        const orders = events.filter(
          (e) =>
            e.streamId === streamIdOf(CONTENDED) &&
            e.type === 'PaymentOrdered' &&
            (e.data as { claimId?: string }).claimId === 'claim-1',
        );
        const orderedSum = orders.reduce(
          (sum, e) => sum + Number((e.data as { amount: string }).amount),
          0,
        );
        expect(orderedSum).toBeLessThanOrEqual(7000);
        expect(orders).toHaveLength(ordered + twiceOrdered);
        // every acknowledged command stored exactly once; nothing refused stored at all
        const perCommand = new Map<string, number>();
        for (const e of events)
          perCommand.set(e.metadata.commandId, (perCommand.get(e.metadata.commandId) ?? 0) + 1);
        for (const id of load.acknowledgedIds) expect([id, perCommand.get(id)]).toEqual([id, 1]);
        expect(perCommand.get('twice') ?? 0).toBe(twiceOrdered);
        raced.forEach((r, i) =>
          expect([i, perCommand.get(`race-${i}`) ?? 0]).toEqual([i, r.status === 200 ? 1 : 0]),
        );
      } finally {
        await store.close();
      }

      // and both instances answer the same, within the cap
      const [fromA, fromB] = await Promise.all([balances(a), balances(b)]);
      expect(fromB).toEqual(fromA);
      const contended = (
        fromA as { grantId: string; payable: string; pendingPayments: string; cap: string }[]
      ).find((x) => x.grantId === CONTENDED)!;
      expect(contended.pendingPayments).toBe(`${(ordered + twiceOrdered) * 1000}.00`);
      expect(Number(contended.payable)).toBeGreaterThanOrEqual(0);
      expect(Number(contended.pendingPayments)).toBeLessThanOrEqual(Number(contended.cap));
      const loadGrants = new Set(
        load.acknowledgedIds.map((id) => id.slice(0, id.lastIndexOf(':'))),
      );
      expect((fromA as unknown[]).length).toBe(1 + loadGrants.size);
      const verify = await a.request('GET', '/verify', token(OFFICER));
      expect(verify.body).toMatchObject({ ok: true });
    },
  );
});

function codeOf(reply: Reply): string | undefined {
  return (reply.body as { error?: { code?: string } }).error?.code;
}

function eventIds(reply: Reply): string[] {
  return ((reply.body as { events?: { eventId: string }[] }).events ?? []).map((e) => e.eventId);
}
