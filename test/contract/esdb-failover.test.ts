// Failovers on the scripted cluster (esdb-fake-client.ts), with the errors a real
// cluster answers (esdb-server-errors.ts): appends refused "not ready" while no node
// leads, the server's write timeout and a call deadline (outcome unknown: the append may
// have committed), and a retry budget that outlasts the election, or gives up when it
// is spent.
import { jest } from '@jest/globals';
import { EsdbEventStore } from '../../infra/eventstore/esdb.js';
import { isTransient, retryTransient } from '../../infra/eventstore/esdb-client.js';
import { verifyStream } from '../../infra/eventstore/hash.js';
import { isStoreUnavailable } from '../../infra/store-unavailable.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import { newEvents, streamName } from './eventstore.contract.js';
import { FakeClient, FakeCluster } from './esdb-fake-client.js';
import {
  callDeadline,
  maxAppendSizeExceeded,
  serverBusy,
  serverNotReady,
  writeTimeout,
} from './esdb-server-errors.js';

function given(options: { budgetMs?: number } = {}): {
  cluster: FakeCluster;
  client: FakeClient;
  store: EsdbEventStore;
} {
  const cluster = new FakeCluster();
  const client = new FakeClient(cluster, 'node1');
  const retry = { budgetMs: options.budgetMs ?? 20_000, baseDelayMs: 20, maxDelayMs: 200 };
  return { cluster, client, store: EsdbEventStore.withClient(client, { retry }) };
}

const n = (e: StoredEvent): number => (e.data as { n: number }).n;

describe('EventStoreDB adapter: what a failing-over cluster answers', () => {
  it('given the errors of a leaderless node, a write timeout and a deadline, when classified, then they are transient; a conflict or an oversized append is not', () => {
    expect(serverNotReady().message).toBe('Could not recognize Server Is Not Ready');
    for (const error of [serverNotReady(), serverBusy(), writeTimeout(), callDeadline()])
      expect(isTransient(error)).toBe(true);
    expect(isTransient(maxAppendSizeExceeded(1_048_576))).toBe(false);
    expect(isTransient(new Error('Could not recognize Server Is Not Ready'))).toBe(false);
    // the client's own error when no seed named a leader (an election not over yet)
    expect(isTransient(new Error('Failed to discover after 10 attempts.'))).toBe(true);
  });
});

describe('EventStoreDB adapter: appends through a failover', () => {
  it('given a cluster without a leader for 1.5 s (appends answer "not ready"), when appending, then the append waits the election out and is stored once', async () => {
    // given
    const { cluster, client, store } = given();
    const streamId = streamName('election');
    await store.append(streamId, newEvents(1), 'no_stream');
    // The leader dies once the claims are written and the head is read: the append itself
    // meets the election.
    let died = 0;
    client.beforeNextAppend(streamId, async () => {
      died = Date.now();
      cluster.leaderlessUntil = died + 1_500;
    });
    // when
    const result = await store.append(streamId, newEvents(2, 1), 0);
    // then
    expect(Date.now() - died).toBeGreaterThanOrEqual(1_500);
    expect(result.events.map(n)).toEqual([1, 2]);
    const read = await store.readStream(streamId);
    expect(read.map(n)).toEqual([0, 1, 2]);
    expect(verifyStream(read)).toBeUndefined();
    await store.close();
  });

  it('given an append that commits but answers the server write timeout, when the adapter retries, then the events are stored once and answered as written', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('timeout');
    await store.append(streamId, newEvents(1), 'no_stream');
    client.failNext('appendToStream', writeTimeout(streamId), {
      afterCommit: true,
      stream: streamId,
    });
    // when
    const result = await store.append(streamId, newEvents(2, 1), 0);
    // then
    expect(result.events.map(n)).toEqual([1, 2]);
    expect((await store.readStream(streamId)).map(n)).toEqual([0, 1, 2]);
    await store.close();
  });

  it('given an append whose call runs past its deadline before the server commits, when the adapter retries, then the events are stored once', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('deadline');
    client.failNext('appendToStream', callDeadline(), { stream: streamId });
    // when
    const result = await store.append(streamId, newEvents(2), 'no_stream');
    // then
    expect(result.nextExpectedRevision).toBe(1);
    expect((await store.readStream(streamId)).map(n)).toEqual([0, 1]);
    await store.close();
  });

  it("given a cluster that stays without a leader longer than the retry budget, when appending, then the append fails with the server's answer once the budget is spent, as the store being unavailable (503), and nothing is stored", async () => {
    // given
    const { cluster, store } = given({ budgetMs: 400 });
    const streamId = streamName('no-leader');
    cluster.leaderlessUntil = Date.now() + 60_000;
    // when
    const started = Date.now();
    const attempt = store.append(streamId, newEvents(1), 'no_stream');
    // then
    await expect(attempt).rejects.toThrow(/Server Is Not Ready|No leader info available/);
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'EsdbUnavailableError', code: 'ESDB_UNAVAILABLE' });
    expect(isStoreUnavailable(error)).toBe(true); // the HTTP API answers 503
    expect(Date.now() - started).toBeLessThan(2_000);
    cluster.leaderlessUntil = 0;
    expect(await store.readStream(streamId)).toEqual([]);
    await store.close();
  });

  it('given the default tuning, when a call keeps failing transiently, then it is retried for about 20 s, longer than a failover', async () => {
    // given
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls += 1;
      throw serverNotReady();
    };
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      // when
      const started = Date.now();
      const attempt = retryTransient(failing).catch((error: unknown) => error);
      let settled: unknown;
      void attempt.then((e) => (settled = e));
      while (settled === undefined) await jest.advanceTimersByTimeAsync(500);
      // then
      expect(Date.now() - started).toBeGreaterThanOrEqual(15_000);
      expect(Date.now() - started).toBeLessThanOrEqual(20_500);
      expect(calls).toBeGreaterThan(8);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('EventStoreDB adapter: subscriptions through a failover', () => {
  it('given a subscription whose connection fails with a deadline, when it resubscribes, then every event comes once and onError is not called', async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('sub-deadline');
    await store.append(streamId, newEvents(4), 'no_stream');
    const received: number[] = [];
    const errors: unknown[] = [];
    // when
    const subscription = store.subscribe({
      onEvent: (e) => {
        received.push(n(e));
        if (n(e) === 1 && client.subscriptionsOpened === 1)
          client.dropSubscriptions(callDeadline());
      },
      onError: (error) => errors.push(error),
    });
    await subscription.caughtUp;
    // then
    expect(received).toEqual([0, 1, 2, 3]);
    expect(errors).toEqual([]);
    expect(client.subscriptionsOpened).toBe(2);
    await subscription.stop();
    await store.close();
  });

  it('given a rediscovery that finds no leader yet (the client\'s "Failed to discover"), when subscribing, then the subscription tries again and delivers', async () => {
    // given
    const { client, store } = given();
    await store.append(streamName('sub-discovery'), newEvents(2), 'no_stream');
    client.failNext('subscribeToAll', new Error('Failed to discover after 10 attempts.'));
    const received: number[] = [];
    const errors: unknown[] = [];
    // when
    const subscription = store.subscribe({
      onEvent: (e) => void received.push(n(e)),
      onError: (error) => errors.push(error),
    });
    await subscription.caughtUp;
    // then
    expect(received).toEqual([0, 1]);
    expect(errors).toEqual([]);
    expect(client.subscriptionsOpened).toBe(2);
    await subscription.stop();
    await store.close();
  });
});
