// The EventStoreDB adapter over a scripted three-node cluster (esdb-fake-client.ts): the
// behaviours a single fresh server never shows — a follower that lags, a leader change in
// the middle of a run, NotLeader, dropped connections, close() while a subscription waits.
// The contract suite against a real server (eventstore.test.ts, npm run test:esdb) stays
// the proof of the wire format wherever a server exists.
import { randomUUID } from 'node:crypto';
import { verifyStream } from '../../infra/eventstore/hash.js';
import { EsdbEventStore, ReadBackError } from '../../infra/eventstore/esdb.js';
import { EventIdInUseError } from '../../infra/eventstore/esdb-id-claims.js';
import { SharedCommitPositionError } from '../../infra/eventstore/esdb-subscription.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import {
  collect,
  eventStoreContract,
  newEvent,
  newEvents,
  streamName,
} from './eventstore.contract.js';
import {
  appendAmongSystemRecords,
  FakeClient,
  FakeCluster,
  unavailable,
  type Call,
} from './esdb-fake-client.js';

function given(node = 'node1'): {
  cluster: FakeCluster;
  client: FakeClient;
  store: EsdbEventStore;
} {
  const cluster = new FakeCluster();
  const client = new FakeClient(cluster, node);
  return { cluster, client, store: EsdbEventStore.withClient(client) };
}

const n = (e: StoredEvent): number => (e.data as { n: number }).n;

async function eventually(
  condition: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const readsOf = (calls: Call[], stream: string): Call[] =>
  calls.filter((c) => c.op === 'readStream' && c.stream === stream);

describe('EventStoreDB adapter: leader reads', () => {
  it('given the client on a follower that stopped replicating, when appending and reading, then every call goes to the leader and the caller reads its own writes', async () => {
    // given
    const { cluster, client, store } = given('node2');
    cluster.freeze('node2');
    const streamId = streamName('grant');
    // when
    const first = await store.append(streamId, newEvents(2), 'no_stream');
    const second = await store.append(streamId, newEvents(1, 2), first.nextExpectedRevision);
    const read = await store.readStream(streamId);
    // then
    expect(read).toEqual([...first.events, ...second.events]);
    expect(client.node).toBe('node1');
    expect(client.calls.every((c) => c.requiresLeader)).toBe(true);
    expect(client.calls[0]!.node).toBe('node2'); // told NotLeader there, once
    expect(client.calls.slice(1).every((c) => c.node === 'node1')).toBe(true);
    await store.close();
  });

  it('given a leader change mid-run with the old leader left behind, when the next command appends, then NotLeader moves it to the new leader and the stream stays dense and chained', async () => {
    // given
    const { cluster, client, store } = given('node1');
    const streamId = streamName('failover');
    const first = await store.append(streamId, newEvents(2), 'no_stream');
    // when
    cluster.elect('node2');
    cluster.freeze('node1');
    const second = await store.append(streamId, newEvents(2, 2), first.nextExpectedRevision);
    const third = await store.append(streamId, [newEvent(4)], second.nextExpectedRevision);
    // then
    expect(third.nextExpectedRevision).toBe(4);
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    expect(verifyStream(read)).toBeUndefined();
    expect(client.node).toBe('node2');
    await store.close();
  });

  it('given a failover that no call of ours noticed, when another process writes to the new leader, then our next reads (stream and $all) see its events', async () => {
    // given
    const { cluster, client, store } = given('node1');
    const streamId = streamName('elsewhere');
    const mine = await store.append(streamId, newEvents(1), 'no_stream');
    cluster.elect('node2');
    cluster.freeze('node1');
    const other = EsdbEventStore.withClient(new FakeClient(cluster, 'node2'));
    const theirs = await other.append(streamId, newEvents(2, 1), 0);
    // when
    const stream = await store.readStream(streamId);
    const all = await collect(store.readAll({ after: mine.events[0]!.position }));
    // then
    expect(stream).toEqual([...mine.events, ...theirs.events]);
    expect(all).toEqual(theirs.events);
    expect(client.node).toBe('node2');
    await other.close();
    await store.close();
  });

  it('given a read-back that returns fewer events than were written, when appending, then the append fails loudly instead of answering short', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('short');
    await store.append(streamId, newEvents(1), 'no_stream');
    client.shortenNextRead(streamId, 1n, 1);
    // when
    const appending = store.append(streamId, newEvents(2, 1), 0);
    // then
    await expect(appending).rejects.toBeInstanceOf(ReadBackError);
    await expect(appending).rejects.toThrow(
      'committed 2 events but reading them back from the leader gave 1',
    );
    await store.close();
  });
});

describe('EventStoreDB adapter: appends read the head only', () => {
  it('given a stream of 60 events, when appending at its head, then the stream is read once backwards for one event and once for the read-back', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('long');
    let revision = (await store.append(streamId, newEvents(30), 'no_stream')).nextExpectedRevision;
    revision = (await store.append(streamId, newEvents(30, 30), revision)).nextExpectedRevision;
    client.calls.length = 0;
    // when
    const result = await store.append(streamId, newEvents(2, 60), revision);
    // then
    expect(result.events.map((e) => e.revision)).toEqual([60, 61]);
    const reads = readsOf(client.calls, streamId).map((c) => c.options);
    expect(reads).toEqual([
      expect.objectContaining({ direction: 'backwards', fromRevision: 'end', maxCount: 1 }),
      expect.objectContaining({ direction: 'forwards', fromRevision: 60n, maxCount: 2 }),
    ]);
    await store.close();
  });

  it('given a batch appended before, when it is retried with its old expected revision, then the stream is scanned and the first answer comes back unchanged', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('retry');
    await store.append(streamId, newEvents(1), 'no_stream');
    const batch = newEvents(2, 1);
    const first = await store.append(streamId, batch, 0);
    await store.append(streamId, [newEvent(3)], 2);
    client.calls.length = 0;
    // when
    const again = await store.append(streamId, batch, 0);
    // then
    expect(again).toEqual(first);
    expect(readsOf(client.calls, streamId).some((c) => !('maxCount' in c.options))).toBe(true);
    expect((await store.readStream(streamId)).map(n)).toEqual([0, 1, 2, 3]);
    await store.close();
  });

  it('given an event id in capitals, when it is appended and appended again in small letters, then it is stored lowercased once', async () => {
    // given
    const { store } = given();
    const streamId = streamName('case');
    const id = randomUUID();
    // when
    const first = await store.append(
      streamId,
      [newEvent(0, { eventId: id.toUpperCase() })],
      'no_stream',
    );
    const again = await store.append(streamId, [newEvent(0, { eventId: id })], 'any');
    // then
    expect(first.events[0]!.eventId).toBe(id);
    expect(again).toEqual(first);
    expect(await store.readStream(streamId)).toHaveLength(1);
    await store.close();
  });

  it('given an event id used in one stream, when another stream appends an event with that id, then it is refused and the other stream stays empty', async () => {
    // given
    const { store } = given();
    const a = streamName('owner');
    const b = streamName('thief');
    const id = randomUUID();
    await store.append(a, [newEvent(0, { eventId: id })], 'no_stream');
    // when
    const attempt = store.append(
      b,
      [newEvent(1), newEvent(2, { eventId: id.toUpperCase() })],
      'no_stream',
    );
    // then
    await expect(attempt).rejects.toBeInstanceOf(EventIdInUseError);
    await expect(attempt).rejects.toThrow(`event id ${id} is already used in stream ${a}`);
    expect(await store.readStream(b)).toEqual([]);
    await store.close();
  });

  it('given an append whose answer is lost after it committed (Unavailable), when the adapter retries, then the events are stored once and answered as written', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('lost-answer');
    await store.append(streamId, newEvents(1), 'no_stream');
    client.failNext('appendToStream', unavailable(), { afterCommit: true, stream: streamId });
    // when
    const result = await store.append(streamId, newEvents(2, 1), 0);
    // then
    expect(result.events.map(n)).toEqual([1, 2]);
    const read = await store.readStream(streamId);
    expect(read.map(n)).toEqual([0, 1, 2]);
    expect(verifyStream(read)).toBeUndefined();
    await store.close();
  });

  it('given the head read fails with Unavailable, when appending, then it is tried again and succeeds', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('flaky');
    client.failNext('readStream', unavailable(), { stream: streamId });
    // when
    const result = await store.append(streamId, newEvents(1), 'no_stream');
    // then
    expect(result.nextExpectedRevision).toBe(0);
    await store.close();
  });

  it("given a call that fails with grpc's own UNAVAILABLE status (no connection yet), when appending, then it is tried again and succeeds", async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('no-connection');
    const grpcError = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
      metadata: { getMap: () => ({}) },
    });
    client.failNext('appendToStream', grpcError);
    // when
    const result = await store.append(streamId, newEvents(1), 'no_stream');
    // then
    expect(result.nextExpectedRevision).toBe(0);
    await store.close();
  });

  it('given a stream at revision 1, when appending with expected 0, then WrongExpectedRevisionError names revision 1 and nothing is written', async () => {
    // given
    const { store } = given();
    const streamId = streamName('conflict');
    await store.append(streamId, newEvents(2), 'no_stream');
    // when
    const attempt = store.append(streamId, newEvents(1, 2), 0);
    // then
    await expect(attempt).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', actual: 1 });
    expect(await store.readStream(streamId)).toHaveLength(2);
    await store.close();
  });
});

describe('EventStoreDB adapter: reading $all', () => {
  it('given a server older than 22.6 (no positions on stream reads), when a stream is read, then the error names the server version needed', async () => {
    // given
    const { cluster, store } = given();
    const streamId = streamName('old');
    await store.append(streamId, newEvents(1), 'no_stream');
    cluster.positionsOnStreamReads = false;
    // when
    const reading = store.readStream(streamId);
    // then
    await expect(reading).rejects.toThrow('the server must be 22.6 or later');
    await store.close();
  });

  it('given ledger events among system records and claims, when paging through $all, then only ledger events come, each once, in order', async () => {
    // given
    const { cluster, store } = given();
    await appendAmongSystemRecords(cluster, store, 12);
    // when
    const all = await collect(store.readAll());
    const afterSome = await collect(store.readAll({ after: all[499]!.position, limit: 501 }));
    // then
    expect(all.map(n)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
    expect(afterSome.map(n)).toEqual(Array.from({ length: 501 }, (_, i) => 500 + i));
    await store.close();
  });

  it('given ledger events written in one legacy transaction (one commit position), when reading $all, then it fails loudly rather than skip any', async () => {
    // given
    const { cluster, store } = given();
    const streamId = streamName('legacy');
    const meta = {
      version: 1,
      metadata: { actor: 'a', commandId: 'c', recordedAt: '2024-01-01T00:00:00Z', hash: 'h' },
    };
    cluster.writeTransaction(
      [0, 1].map((i) => ({
        streamId,
        id: randomUUID(),
        type: 'GrantApplied',
        data: { n: i },
        metadata: meta,
      })),
    );
    // when
    const reading = collect(store.readAll());
    // then
    await expect(reading).rejects.toBeInstanceOf(SharedCommitPositionError);
    await store.close();
  });
});

describe('EventStoreDB adapter: subscriptions', () => {
  it('given events among system records, when subscribing from a checkpoint, then ledger events after it come in order, caughtUp resolves, live events follow', async () => {
    // given
    const { cluster, client, store } = given();
    const a = streamName('sub');
    const before = await store.append(a, newEvents(3), 'no_stream');
    cluster.writeSystemRecord();
    const received: StoredEvent[] = [];
    // when
    const subscription = store.subscribe({
      after: before.events[0]!.position,
      onEvent: (e) => void received.push(e),
    });
    await subscription.caughtUp;
    // then
    expect(received.map(n)).toEqual([1, 2]);
    // when
    cluster.writeSystemRecord();
    await store.append(a, newEvents(2, 3), 2);
    // then
    await eventually(() => received.length === 4, 'the live events');
    expect(received.map(n)).toEqual([1, 2, 3, 4]);
    expect(client.calls.filter((c) => c.op === 'subscribeToAll')).toHaveLength(1);
    await subscription.stop();
    await store.close();
  });

  it('given a connection that drops in the middle of delivery, when the subscription resubscribes, then every event comes exactly once and onError is not called', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('drop');
    await store.append(streamId, newEvents(6), 'no_stream');
    const received: number[] = [];
    const errors: unknown[] = [];
    // when
    const subscription = store.subscribe({
      onEvent: (e) => {
        received.push(n(e));
        if (n(e) === 2 && client.subscriptionsOpened === 1) client.dropSubscriptions();
      },
      onError: (error) => errors.push(error),
    });
    await subscription.caughtUp;
    await eventually(() => received.length === 6, 'every event');
    // then
    expect(received).toEqual([0, 1, 2, 3, 4, 5]);
    expect(errors).toEqual([]);
    expect(client.subscriptionsOpened).toBe(2);
    await subscription.stop();
    await store.close();
  });

  it('given a long stretch of system records checkpointed after the last ledger event, when the connection drops, then it resubscribes from that event, never from a checkpoint (a checkpoint may sit at an event not yet delivered)', async () => {
    // given
    const { cluster, client, store } = given();
    const streamId = streamName('cursor');
    const { events } = await store.append(streamId, newEvents(2), 'no_stream');
    for (let i = 0; i < 10; i++) cluster.writeSystemRecord();
    const delivered: StoredEvent[] = [];
    const subscription = store.subscribe({ onEvent: (e) => void delivered.push(e) });
    await subscription.caughtUp;
    // when
    client.dropSubscriptions();
    await eventually(() => client.subscriptionsOpened === 2, 'the resubscription');
    // then
    const [, second] = client.calls
      .filter((c) => c.op === 'subscribeToAll')
      .map((c) => c.options as { fromPosition: { commit: bigint } });
    expect(second!.fromPosition.commit).toBe(BigInt(events.at(-1)!.position));
    expect(delivered.filter((e) => e.streamId === streamId)).toEqual(events);
    await subscription.stop();
    await store.close();
  });

  it('given NotLeader and then Unavailable when subscribing, when the subscription retries with back-off, then it reaches the leader and delivers', async () => {
    // given
    const { cluster, client, store } = given('node3');
    const streamId = streamName('election');
    await store.append(streamId, newEvents(2), 'no_stream');
    client.node = 'node3';
    cluster.freeze('node3');
    client.failNext('subscribeToAll', unavailable('election in progress'));
    const received: number[] = [];
    // when
    const subscription = store.subscribe({ onEvent: (e) => void received.push(n(e)) });
    await subscription.caughtUp;
    // then
    expect(received).toEqual([0, 1]);
    const subscribes = client.calls.filter((c) => c.op === 'subscribeToAll');
    expect(subscribes.at(-1)!.node).toBe('node1');
    expect(subscribes.every((c) => c.requiresLeader)).toBe(true);
    await subscription.stop();
    await store.close();
  });

  it('given a subscriber that throws, even an error that looks transient, when it handles an event, then onError is told once and the subscription stops without resubscribing', async () => {
    // given
    const { client, store } = given();
    await store.append(streamName('boom'), newEvents(2), 'no_stream');
    // The subscriber's own errors are never retried, Unavailable from its read store included.
    const failure = unavailable('the read store is unavailable');
    const errors: unknown[] = [];
    // when
    const subscription = store.subscribe({
      onEvent: () => {
        throw failure;
      },
      onError: (e) => errors.push(e),
    });
    // then
    await expect(subscription.caughtUp).rejects.toBe(failure);
    await subscription.stop();
    expect(errors).toEqual([failure]);
    expect(client.subscriptionsOpened).toBe(1);
    await store.close();
  });

  it('given one subscription waiting for live events and one in back-off, when the store is closed, then both stop, nothing stays open and nothing subscribes again', async () => {
    // given
    const { client, store } = given();
    await store.append(streamName('close'), newEvents(1), 'no_stream');
    const idle = store.subscribe({ onEvent: () => undefined });
    await idle.caughtUp;
    for (let i = 0; i < 50; i++) client.failNext('subscribeToAll', unavailable());
    const retrying = store.subscribe({ onEvent: () => undefined });
    await eventually(() => client.subscriptionsOpened >= 3, 'a few retries');
    // when
    const started = Date.now();
    await store.close();
    // then
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(retrying.caughtUp).rejects.toThrow('stopped before it caught up');
    expect(client.openSubscriptions.size).toBe(0);
    expect(client.disposed).toBe(true);
    const opened = client.subscriptionsOpened;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.subscriptionsOpened).toBe(opened);
  });
});

// The whole store contract, through the adapter, over a fresh scripted cluster per test:
// the adapter's own logic on every behaviour the other stores show (not the wire format,
// which only a real server proves).
describe('EventStoreDB adapter over the scripted cluster: the store contract', () => {
  eventStoreContract({
    open: async () => EsdbEventStore.withClient(new FakeClient(new FakeCluster())),
  });
});
