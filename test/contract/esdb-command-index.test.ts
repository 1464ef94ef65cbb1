// The ledger-wide commandId index on EventStoreDB (esdb-command-claims.ts), over the
// scripted cluster of esdb-fake-client.ts: the command handler's idempotency answers the
// same on it as on the SQL stores, and a claim left without its events (a crash between
// the two writes) belongs to the command that made it.
import { describe, expect, it } from '@jest/globals';
import { CommandHandler } from '../../commands/handler.js';
import { commandFingerprint } from '../../commands/fingerprint.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import { parseCommand } from '../../commands/parse.js';
import { EsdbEventStore } from '../../infra/eventstore/esdb.js';
import { claimCommandId } from '../../infra/eventstore/esdb-command-claims.js';
import { apply, approve, GRANT, payAdvance } from '../../commands/builders/grant-commands.js';
import { FakeClient, FakeCluster } from './esdb-fake-client.js';

const advance = (o: Record<string, unknown> = {}) =>
  payAdvance({ amount: '10000', meta: { actor: 'orderer@test', commandId: 'esdb-adv-1' }, ...o });

describe('EventStoreDB adapter: the commandId index', () => {
  it('given an advance ordered with a commandId, when it is sent again, with other fields, or to another grant, then duplicate, IDEMPOTENCY_CONFLICT, IDEMPOTENCY_CONFLICT — also from a second client', async () => {
    // given
    const cluster = new FakeCluster();
    const store = EsdbEventStore.withClient(new FakeClient(cluster, 'node1'));
    const handler = new CommandHandler({ store });
    for (const c of [apply(), approve(), apply({ grantId: 'OTHER/1/2023' })])
      expect((await handler.handle(c)).ok).toBe(true);
    expect(await handler.handle(advance())).toMatchObject({ ok: true, duplicate: false });
    // when / then
    const other = new CommandHandler({
      store: EsdbEventStore.withClient(new FakeClient(cluster, 'node2')),
    });
    expect(await other.handle(advance({ amount: '10000.00' }))).toMatchObject({
      ok: true,
      duplicate: true,
    });
    const conflict = { ok: false, error: { code: 'IDEMPOTENCY_CONFLICT', path: 'meta.commandId' } };
    expect(await other.handle(advance({ amount: '9000' }))).toMatchObject(conflict);
    expect(await other.handle(advance({ grantId: 'OTHER/1/2023' }))).toMatchObject(conflict);
    expect((await store.readStream(streamIdOf(GRANT))).map((e) => e.type)).toEqual([
      'CoFinancingApplied',
      'GrantApproved',
      'PaymentOrdered',
    ]);
    await store.close();
  });

  it('given a claim written and its events never appended (a crash), when the same command comes again, then it is recorded; another command under that id is refused', async () => {
    // given: the claim of the command, as a crashed process left it
    const client = new FakeClient(new FakeCluster(), 'node1');
    const store = EsdbEventStore.withClient(client);
    const handler = new CommandHandler({ store });
    for (const c of [apply(), approve()]) expect((await handler.handle(c)).ok).toBe(true);
    const parsed = parseCommand(advance());
    if (!parsed.ok) throw new Error('the command should parse');
    await claimCommandId(client, streamIdOf(GRANT), {
      commandId: 'esdb-adv-1',
      fingerprint: commandFingerprint(parsed.command),
    });
    // when / then
    expect(await handler.handle(advance({ amount: '9000' }))).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_CONFLICT' },
    });
    expect(await handler.handle(advance())).toMatchObject({
      ok: true,
      duplicate: false,
      events: [{ type: 'PaymentOrdered' }],
    });
    expect(await handler.handle(advance())).toMatchObject({ ok: true, duplicate: true });
    await store.close();
  });

  it('given claims in the log, when $all is read, then they are not ledger events', async () => {
    const store = EsdbEventStore.withClient(new FakeClient(new FakeCluster(), 'node1'));
    const handler = new CommandHandler({ store });
    expect(
      (await handler.handle(apply({ meta: { actor: 'a@test', commandId: 'esdb-apply' } }))).ok,
    ).toBe(true);
    const all = [];
    for await (const e of store.readAll()) all.push(e);
    expect(all.map((e) => e.streamId)).toEqual([streamIdOf(GRANT)]);
    await store.close();
  });
});
