// Subscription checkpoints as real servers send them, on the scripted cluster
// (esdb-fake-client.ts): 22.6 to 23.6 send one at the first live event's own position,
// before the event; 24.10.0 to 24.10.4 can send (2^64-1, 2^64-1) on a fresh cluster. A
// checkpoint only says that the records before it are dealt with: no event may be lost
// to one, and none is ever resumed from.
import { EsdbEventStore } from '../../infra/eventstore/esdb.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import { newEvents, streamName } from './eventstore.contract.js';
import { FakeClient, FakeCluster } from './esdb-fake-client.js';

function given(configure: (cluster: FakeCluster) => void = () => undefined): {
  cluster: FakeCluster;
  client: FakeClient;
  store: EsdbEventStore;
} {
  const cluster = new FakeCluster();
  configure(cluster);
  const client = new FakeClient(cluster, 'node1');
  return { cluster, client, store: EsdbEventStore.withClient(client) };
}

const n = (e: StoredEvent): number => (e.data as { n: number }).n;

async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('EventStoreDB subscriptions: server checkpoints', () => {
  it('given a server that sends a checkpoint at each live event before the event (22.6-23.6), when events are appended after catching up, then every one is delivered', async () => {
    // given
    const { store } = given((c) => (c.checkpointsBeforeLiveEvents = true));
    const streamId = streamName('early');
    await store.append(streamId, newEvents(2), 'no_stream');
    const received: number[] = [];
    const subscription = store.subscribe({ onEvent: (e) => void received.push(n(e)) });
    await subscription.caughtUp;
    // when
    await store.append(streamId, newEvents(1, 2), 1);
    await store.append(streamId, newEvents(2, 3), 2);
    // then
    await eventually(() => received.length === 5, 'the live events');
    expect(received).toEqual([0, 1, 2, 3, 4]);
    await subscription.stop();
    await store.close();
  });

  it('given a fresh cluster that sends a checkpoint at (2^64-1, 2^64-1) (24.10.0-24.10.4), when subscribing from the start of an empty store, then caughtUp resolves and every later event is delivered', async () => {
    // given
    const { store } = given((c) => (c.sendsOutOfRangeCheckpoint = true));
    const received: number[] = [];
    // when
    const subscription = store.subscribe({ onEvent: (e) => void received.push(n(e)) });
    await subscription.caughtUp;
    await store.append(streamName('fresh'), newEvents(3), 'no_stream');
    // then
    await eventually(() => received.length === 3, 'the events');
    expect(received).toEqual([0, 1, 2]);
    await subscription.stop();
    await store.close();
  });

  it.each([
    ['plain checkpoints', false],
    ['an out-of-range first checkpoint (24.10.0-24.10.4)', true],
  ])(
    'given a server that never says caught up (before 23.10) and %s, when subscribing, then caughtUp resolves once the $all head seen at the start is passed, not before',
    async (_, outOfRange) => {
      // given
      const { cluster, store } = given((c) => {
        c.sendsOutOfRangeCheckpoint = outOfRange;
        c.sendsCaughtUp = false;
      });
      await store.append(streamName('head'), newEvents(3), 'no_stream');
      for (let i = 0; i < 4; i++) cluster.writeSystemRecord();
      const received: number[] = [];
      // when
      const subscription = store.subscribe({ onEvent: (e) => void received.push(n(e)) });
      await subscription.caughtUp;
      // then
      expect(received).toEqual([0, 1, 2]);
      await subscription.stop();
      await store.close();
    },
  );

  it('given checkpoints over a stretch of system records, when the connection drops, then it resubscribes from the last record it received and the next event comes exactly once', async () => {
    // given
    const { cluster, client, store } = given((c) => (c.checkpointsBeforeLiveEvents = true));
    const streamId = streamName('resume');
    const { events } = await store.append(streamId, newEvents(2), 'no_stream');
    for (let i = 0; i < 10; i++) cluster.writeSystemRecord();
    const received: number[] = [];
    const subscription = store.subscribe({ onEvent: (e) => void received.push(n(e)) });
    await subscription.caughtUp;
    // when
    client.dropSubscriptions();
    await eventually(() => client.subscriptionsOpened === 2, 'the resubscription');
    await store.append(streamId, newEvents(1, 2), 1);
    // then
    await eventually(() => received.length === 3, 'the next event');
    const [, second] = client.calls
      .filter((c) => c.op === 'subscribeToAll')
      .map((c) => c.options as { fromPosition: { commit: bigint } });
    expect(second!.fromPosition.commit).toBe(BigInt(events.at(-1)!.position));
    expect(received).toEqual([0, 1, 2]);
    await subscription.stop();
    await store.close();
  });
});
