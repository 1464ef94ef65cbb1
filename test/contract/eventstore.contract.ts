// The one contract every event store adapter passes (interfaces.md, "Stores"). Each test
// names its own streams (random suffixes), reads $all only after a marker event it wrote
// itself, and looks at its own streams' events there: other writers may append to the
// same server meanwhile, so no test expects an exact global sequence. The suite thus also
// runs against a long-lived shared server (EventStoreDB) that is never emptied.
import { randomUUID } from 'node:crypto';
import { verifyStream } from '../../infra/eventstore/hash.js';
import {
  CommandIdTakenError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../../commands/event-store-port.js';
import { verifyStore } from '../../infra/eventstore/verify.js';

export interface EventStoreFixture {
  /** A fresh store: empty, or at least without the streams the tests name. */
  open(): Promise<EventStore>;
  /** Releases what open() made (a schema, a file); runs after the store is closed. */
  cleanup?(): Promise<void>;
  /**
   * The store may hold other events (a shared server): counts over the whole store are lower
   * bounds.
   */
  shared?: boolean;
}

let sequence = 0;

/** A new event; `n` ends up in data so that order can be checked. */
export function newEvent(n: number, overrides: Partial<NewEvent> = {}): NewEvent {
  sequence += 1;
  return {
    eventId: randomUUID(),
    type: n % 2 === 0 ? 'GrantApplied' : 'GrantDecided',
    version: 1,
    data: {
      n,
      amount: 763643.25,
      rate: 0.6,
      tiny: 5e-7,
      big: 9007199254740991,
      text: 'Jämtlands län ek. för. "quoted" ✓',
      nested: { list: [1, 'two', null, true], empty: {} },
    },
    metadata: {
      actor: 'officer-1',
      commandId: `cmd-${sequence}`,
      recordedAt: '2024-05-01T10:00:00.000Z',
      correlationId: `corr-${n}`,
    },
    ...overrides,
  };
}

export function newEvents(count: number, from = 0): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(from + i));
}

export function streamName(prefix: string): string {
  return `${prefix}-RUN/573/2022-${randomUUID()}`;
}

/**
 * A position at the head of $all now: that of a marker event appended to a stream of its
 * own (one append, whatever the size of the store). Everything appended later comes after it.
 */
export async function headPosition(store: EventStore): Promise<number> {
  const marker = await store.append(streamName('marker'), [newEvent(-1)], 'no_stream');
  return marker.events[0]!.position;
}

/** The events of the given streams only: what a test wrote, whatever else the store holds. */
export function only(streams: string[], events: StoredEvent[]): StoredEvent[] {
  const mine = new Set(streams);
  return events.filter((e) => mine.has(e.streamId));
}

const n = (e: StoredEvent): number => (e.data as { n: number }).n;

export async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

async function eventually(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectIncreasing(positions: number[]): void {
  for (let i = 1; i < positions.length; i++)
    expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
}

export function eventStoreContract(fixture: EventStoreFixture): void {
  let store: EventStore;

  beforeEach(async () => {
    store = await fixture.open();
  });

  afterEach(async () => {
    await store?.close();
    await fixture.cleanup?.();
  });

  describe('append and read a stream', () => {
    it('given a new stream, when events are appended, then reading it returns them with data, metadata, types and revisions 0..n', async () => {
      // given
      const streamId = streamName('grant');
      const batch = newEvents(3);
      // when
      const first = await store.append(streamId, batch, 'no_stream');
      const second = await store.append(streamId, newEvents(2, 3), first.nextExpectedRevision);
      // then
      expect(first.nextExpectedRevision).toBe(2);
      expect(second.nextExpectedRevision).toBe(4);
      const read = await store.readStream(streamId);
      expect(read).toEqual([...first.events, ...second.events]);
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      expectIncreasing(read.map((e) => e.position));
      read.slice(0, 3).forEach((e, i) => {
        expect(e.streamId).toBe(streamId);
        expect(e.eventId).toBe(batch[i]!.eventId);
        expect(e.type).toBe(batch[i]!.type);
        expect(e.version).toBe(1);
        expect(e.data).toEqual(batch[i]!.data);
        expect(e.metadata).toEqual({
          ...batch[i]!.metadata,
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        });
      });
    });

    it('given no such stream, when it is read, then it is empty', async () => {
      // given
      const streamId = streamName('missing');
      // when
      const read = await store.readStream(streamId);
      // then
      expect(read).toEqual([]);
    });

    it('given a stream of 5, when read from a revision (readStreamFrom), then only that revision and later come, in order', async () => {
      // given
      const streamId = streamName('from');
      const { events } = await store.append(streamId, newEvents(5), 'no_stream');
      // when / then (the method is optional in the port; every adapter here has it)
      expect(store.readStreamFrom).toBeDefined();
      expect(await store.readStreamFrom!(streamId, 2)).toEqual(events.slice(2));
      expect(await store.readStreamFrom!(streamId, 0)).toEqual(events);
      expect(await store.readStreamFrom!(streamId, 5)).toEqual([]);
      expect(await store.readStreamFrom!(streamName('missing'), 0)).toEqual([]);
    });

    it('given metadata with undefined fields, when appended, then what is stored is the JSON that was hashed', async () => {
      // given
      const streamId = streamName('clean');
      const event = newEvent(0, {
        data: { kept: 1, dropped: undefined },
        metadata: {
          actor: 'a',
          commandId: 'c',
          recordedAt: '2024-01-01T00:00:00Z',
          causationId: undefined,
        },
      });
      // when
      await store.append(streamId, [event], 'no_stream');
      // then
      const [read] = await store.readStream(streamId);
      expect(read!.data).toEqual({ kept: 1 });
      expect(Object.keys(read!.metadata).sort()).toEqual([
        'actor',
        'commandId',
        'hash',
        'recordedAt',
      ]);
      expect(verifyStream([read!])).toBeUndefined();
    });
  });

  describe('expected revision', () => {
    it('given a stream that exists, when appending with no_stream, then WrongExpectedRevisionError names the actual revision', async () => {
      // given
      const streamId = streamName('nostream');
      await store.append(streamId, newEvents(2), 'no_stream');
      // when
      const attempt = store.append(streamId, newEvents(1), 'no_stream');
      // then
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(attempt).rejects.toMatchObject({ streamId, expected: 'no_stream', actual: 1 });
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('given a stream at revision 1, when appending with the stale revision 0, then it fails and nothing is appended', async () => {
      // given
      const streamId = streamName('stale');
      await store.append(streamId, newEvents(2), 'no_stream');
      // when
      const attempt = store.append(streamId, newEvents(1), 0);
      // then
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(attempt).rejects.toMatchObject({ expected: 0, actual: 1 });
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('given a stream at revision 1, when appending with exactly 1, then the events get revisions 2 and 3', async () => {
      // given
      const streamId = streamName('exact');
      await store.append(streamId, newEvents(2), 'no_stream');
      // when
      const result = await store.append(streamId, newEvents(2, 2), 1);
      // then
      expect(result.nextExpectedRevision).toBe(3);
      expect(result.events.map((e) => e.revision)).toEqual([2, 3]);
    });

    it('given no stream, when appending with an exact revision, then it fails with actual no_stream', async () => {
      // given
      const streamId = streamName('absent');
      // when
      const attempt = store.append(streamId, newEvents(1), 0);
      // then
      await expect(attempt).rejects.toMatchObject({
        name: 'WrongExpectedRevisionError',
        actual: 'no_stream',
      });
      expect(await store.readStream(streamId)).toEqual([]);
    });

    it('given a new and an existing stream, when appending with any, then both succeed without a check', async () => {
      // given
      const fresh = streamName('any-new');
      const existing = streamName('any-old');
      await store.append(existing, newEvents(3), 'no_stream');
      // when
      const onFresh = await store.append(fresh, newEvents(1), 'any');
      const onExisting = await store.append(existing, newEvents(1, 3), 'any');
      // then
      expect(onFresh.nextExpectedRevision).toBe(0);
      expect(onExisting.nextExpectedRevision).toBe(3);
      expect(verifyStream(await store.readStream(existing))).toBeUndefined();
    });
  });

  describe('idempotent re-append', () => {
    it('given a batch already appended, when the same event ids are appended again, then nothing is duplicated and the result is the same', async () => {
      // given
      const streamId = streamName('idem');
      const batch = newEvents(2);
      const first = await store.append(streamId, batch, 'no_stream');
      // when
      const again = await store.append(streamId, batch, 'no_stream');
      // then
      expect(again).toEqual(first);
      expect(await store.readStream(streamId)).toEqual(first.events);
    });

    it('given the stream moved on after a batch, when the batch is retried with its old expected revision or any, then it is still a no-op', async () => {
      // given
      const streamId = streamName('idem-later');
      await store.append(streamId, newEvents(1), 'no_stream');
      const batch = newEvents(2, 1);
      const first = await store.append(streamId, batch, 0);
      await store.append(streamId, newEvents(1, 3), 2);
      // when
      const retried = await store.append(streamId, batch, 0);
      const retriedAny = await store.append(streamId, batch, 'any');
      // then
      expect(retried).toEqual(first);
      expect(retriedAny).toEqual(first);
      const read = await store.readStream(streamId);
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      expect(new Set(read.map((e) => e.eventId)).size).toBe(4);
    });

    it('given a batch half of which was appended, when it is appended, then it is refused and nothing is added', async () => {
      // given
      const streamId = streamName('idem-partial');
      const batch = newEvents(2);
      await store.append(streamId, [batch[0]!], 'no_stream');
      // when
      const attempt = store.append(streamId, batch, 'any');
      // then
      await expect(attempt).rejects.toThrow(Error);
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    it('given an event id used in one stream, when another stream appends an event with that id, then it is refused and nothing is added', async () => {
      // given
      const owner = streamName('id-owner');
      const other = streamName('id-other');
      const used = newEvent(0);
      await store.append(owner, [used], 'no_stream');
      // when
      const attempt = store.append(
        other,
        [newEvent(1), newEvent(2, { eventId: used.eventId })],
        'no_stream',
      );
      // then
      await expect(attempt).rejects.toThrow(
        `event id ${used.eventId} is already used in stream ${owner}`,
      );
      expect(await store.readStream(other)).toEqual([]);
      expect(await store.readStream(owner)).toHaveLength(1);
    });
  });

  describe('appendMany: several streams, all or nothing', () => {
    it('given a new and an old stream written together, then each gets its events', async () => {
      // given
      const fresh = streamName('many-new');
      const existing = streamName('many-old');
      await store.append(existing, newEvents(2), 'no_stream');
      const command = { commandId: `many-${randomUUID()}`, fingerprint: 'f1' };
      // when
      const [onFresh, onExisting] = await store.appendMany([
        { streamId: fresh, events: newEvents(2), expected: 'no_stream', command },
        { streamId: existing, events: newEvents(1, 2), expected: 1 },
      ]);
      // then
      expect(onFresh!.events.map((e) => e.revision)).toEqual([0, 1]);
      expect(onExisting!.nextExpectedRevision).toBe(2);
      expect(await store.readStream(fresh)).toEqual(onFresh!.events);
      expect((await store.readStream(existing)).at(-1)).toEqual(onExisting!.events[0]);
      expectIncreasing([...onFresh!.events, ...onExisting!.events].map((e) => e.position));
      expect(verifyStream(await store.readStream(existing))).toBeUndefined();
      const recorded = await store.findCommand(command.commandId);
      expect(recorded).toEqual({ streamId: fresh, fingerprint: 'f1' });
    });

    it('given two writes to one stream, the second after the first, then both land', async () => {
      // given
      const streamId = streamName('many-same');
      // when
      const results = await store.appendMany([
        { streamId, events: newEvents(2), expected: 'no_stream' },
        { streamId, events: newEvents(1, 2), expected: 1 },
      ]);
      // then
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 2]);
      const read = await store.readStream(streamId);
      expect(read.map((e) => n(e))).toEqual([0, 1, 2]);
      expect(verifyStream(read)).toBeUndefined();
    });

    it('given a stale expected revision in the last write, then nothing is recorded', async () => {
      // given
      const fresh = streamName('many-fresh');
      const stale = streamName('many-stale');
      await store.append(stale, newEvents(2), 'no_stream');
      const command = { commandId: `many-${randomUUID()}`, fingerprint: 'f1' };
      // when
      const attempt = store.appendMany([
        { streamId: fresh, events: newEvents(2), expected: 'no_stream', command },
        { streamId: stale, events: newEvents(1, 2), expected: 0 },
      ]);
      // then
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(attempt).rejects.toMatchObject({ streamId: stale, expected: 0, actual: 1 });
      expect(await store.readStream(fresh)).toEqual([]);
      expect(await store.readStream(stale)).toHaveLength(2);
      expect(await store.findCommand(command.commandId)).toBeUndefined();
    });

    it('given a used command id in the last write, then nothing is recorded', async () => {
      // given
      const used = { commandId: `used-${randomUUID()}`, fingerprint: 'f0' };
      const owner = streamName('many-owner');
      await store.append(owner, newEvents(1), 'no_stream', { command: used });
      const fresh = streamName('many-first');
      const other = streamName('many-second');
      const first = { commandId: `first-${randomUUID()}`, fingerprint: 'f1' };
      // when
      const attempt = store.appendMany([
        { streamId: fresh, events: newEvents(1), expected: 'no_stream', command: first },
        { streamId: other, events: newEvents(1), expected: 'no_stream', command: used },
      ]);
      // then
      await expect(attempt).rejects.toBeInstanceOf(CommandIdTakenError);
      expect(await store.readStream(fresh)).toEqual([]);
      expect(await store.readStream(other)).toEqual([]);
      expect(await store.findCommand(first.commandId)).toBeUndefined();
      const recorded = await store.findCommand(used.commandId);
      expect(recorded).toEqual({ streamId: owner, fingerprint: 'f0' });
    });

    it('given writes that committed, when sent again, then the same, no duplicate', async () => {
      // given
      const a = streamName('many-idem-a');
      const b = streamName('many-idem-b');
      const writes = [
        { streamId: a, events: newEvents(1), expected: 'no_stream' as const },
        { streamId: b, events: newEvents(2), expected: 'no_stream' as const },
      ];
      const first = await store.appendMany(writes);
      // when
      const again = await store.appendMany(writes);
      // then
      expect(again).toEqual(first);
      expect(await store.readStream(a)).toHaveLength(1);
      expect(await store.readStream(b)).toHaveLength(2);
    });

    it('given a subscriber, when appendMany commits, then each event comes once', async () => {
      // given
      const after = await headPosition(store);
      const a = streamName('many-sub-a');
      const b = streamName('many-sub-b');
      const seen: StoredEvent[] = [];
      const subscription = store.subscribe({ after, onEvent: (e) => void seen.push(e) });
      await subscription.caughtUp;
      // when
      await store.appendMany([
        { streamId: a, events: newEvents(2), expected: 'no_stream' },
        { streamId: b, events: newEvents(1, 2), expected: 'no_stream' },
      ]);
      // then
      await eventually(() => only([a, b], seen).length >= 3, 'the appended events');
      await subscription.stop();
      expect(only([a, b], seen).map((e) => n(e))).toEqual([0, 1, 2]);
    });
  });

  describe('read all in global order', () => {
    it('given events interleaved across streams, when reading $all, then they come in append order, honouring after and limit', async () => {
      // given
      const head = await headPosition(store);
      const a = streamName('a');
      const b = streamName('b');
      const a0 = await store.append(a, [newEvent(0)], 'no_stream');
      const b0 = await store.append(b, [newEvent(1)], 'no_stream');
      const a1 = await store.append(a, [newEvent(2), newEvent(3)], 0);
      const expected = [...a0.events, ...b0.events, ...a1.events];
      // when
      const all = await collect(store.readAll({ after: head }));
      const firstTwo = await collect(store.readAll({ after: head, limit: 2 }));
      const afterSecond = await collect(store.readAll({ after: all[1]!.position }));
      // then (other writers may have appended in between: $all only grows at its end)
      expect(only([a, b], all)).toEqual(expected);
      expectIncreasing(all.map((e) => e.position));
      expect(firstTwo).toEqual(all.slice(0, 2));
      expect(afterSecond.slice(0, all.length - 2)).toEqual(all.slice(2));
    });

    it('given 1,200 events, when paging through $all, then every event comes once in order, and limit cuts across a page', async () => {
      // given
      const head = await headPosition(store);
      const streams = [streamName('bulk-x'), streamName('bulk-y'), streamName('bulk-z')];
      const revisions: Array<number | 'no_stream'> = ['no_stream', 'no_stream', 'no_stream'];
      for (let i = 0; i < 12; i++) {
        const s = i % 3;
        const result = await store.append(streams[s]!, newEvents(100, i * 100), revisions[s]!);
        revisions[s] = result.nextExpectedRevision;
      }
      // when
      const mine = new Set(streams);
      let count = 0;
      let lastPosition = head;
      let lastN = -1;
      const firstPositions: number[] = [];
      for await (const e of store.readAll({ after: head })) {
        // then (checked as we stream, without holding the events)
        expect(e.position).toBeGreaterThan(lastPosition);
        lastPosition = e.position;
        if (firstPositions.length < 1001) firstPositions.push(e.position);
        if (!mine.has(e.streamId)) continue;
        expect(n(e)).toBe(lastN + 1);
        lastN += 1;
        count += 1;
      }
      expect(count).toBe(1200);
      const limited = await collect(store.readAll({ after: head, limit: 1001 }));
      expect(limited.map((e) => e.position)).toEqual(firstPositions);
    });

    it('given events, when a reader stops iterating early, then it gets just what it took', async () => {
      // given
      const head = await headPosition(store);
      const streamId = streamName('early');
      await store.append(streamId, newEvents(5), 'no_stream');
      // when
      const taken: StoredEvent[] = [];
      for await (const e of store.readAll({ after: head })) {
        if (e.streamId === streamId) taken.push(e);
        if (taken.length === 2) break;
      }
      // then
      expect(taken.map(n)).toEqual([0, 1]);
    });
  });

  describe('catch-up subscription', () => {
    it('given events before and after a checkpoint, when subscribing from it, then old events come, caughtUp resolves, then live events follow in order', async () => {
      // given
      const a = streamName('sub-a');
      const b = streamName('sub-b');
      const mine = new Set([a, b]);
      const before = await store.append(a, newEvents(2), 'no_stream');
      await store.append(b, newEvents(2, 2), 'no_stream');
      const checkpoint = before.events[0]!.position;
      const received: StoredEvent[] = [];
      // when
      const subscription = store.subscribe({
        after: checkpoint,
        onEvent: (e) => {
          if (mine.has(e.streamId)) received.push(e);
        },
      });
      try {
        await subscription.caughtUp;
        // then
        expect(received.map(n)).toEqual([1, 2, 3]);
        // when
        await store.append(a, newEvents(1, 4), 1);
        await store.append(b, newEvents(2, 5), 1);
        // then
        await eventually(() => received.length === 6, 'the live events');
        expect(received.map(n)).toEqual([1, 2, 3, 4, 5, 6]);
        expectIncreasing(received.map((e) => e.position));
      } finally {
        await subscription.stop();
      }
    });

    it('given a slow subscriber, when events arrive, then each waits for the previous one to be handled', async () => {
      // given
      const head = await headPosition(store);
      const streamId = streamName('slow');
      await store.append(streamId, newEvents(3), 'no_stream');
      let busy = 0;
      let overlapped = false;
      const handled: number[] = [];
      // when
      const subscription = store.subscribe({
        after: head,
        onEvent: async (e) => {
          busy += 1;
          if (busy > 1) overlapped = true;
          await new Promise((resolve) => setTimeout(resolve, 10));
          if (e.streamId === streamId) handled.push(n(e));
          busy -= 1;
        },
      });
      try {
        await subscription.caughtUp;
        // then
        expect(handled).toEqual([0, 1, 2]);
        expect(overlapped).toBe(false);
      } finally {
        await subscription.stop();
      }
    });

    it('given a subscriber that throws, when it handles an event, then onError is told and the subscription stops', async () => {
      // given
      const head = await headPosition(store);
      await store.append(streamName('boom'), newEvents(2), 'no_stream');
      const failure = new Error('projection failed');
      const errors: unknown[] = [];
      let calls = 0;
      // when
      const subscription = store.subscribe({
        after: head,
        onEvent: () => {
          calls += 1;
          throw failure;
        },
        onError: (error) => errors.push(error),
      });
      // then
      await expect(subscription.caughtUp).rejects.toBe(failure);
      await subscription.stop();
      expect(errors).toEqual([failure]);
      expect(calls).toBe(1);
    });
  });

  describe('concurrent writers', () => {
    it('given 20 appends racing on one stream with the same expected revision, then exactly one wins and the stream has no gaps', async () => {
      // given
      const streamId = streamName('race');
      await store.append(streamId, newEvents(1), 'no_stream');
      // when
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append(streamId, newEvents(2, 10 * i), 0)),
      );
      // then
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const o of lost) expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const read = await store.readStream(streamId);
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(verifyStream(read)).toBeUndefined();
    });

    it('given 20 appends racing on one stream with any, then all land, dense and chained', async () => {
      // given
      const streamId = streamName('race-any');
      // when
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append(streamId, [newEvent(i)], 'any')),
      );
      // then
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const read = await store.readStream(streamId);
      expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(verifyStream(read)).toBeUndefined();
    });

    it('given 20 appends racing on different streams, then all land with distinct positions', async () => {
      // given
      const streams = Array.from({ length: 20 }, () => streamName('parallel'));
      // when
      const results = await Promise.all(
        streams.map((s, i) => store.append(s, newEvents(2, 2 * i), 'no_stream')),
      );
      // then
      const positions = results.flatMap((r) => r.events.map((e) => e.position));
      expect(new Set(positions).size).toBe(40);
    });
  });

  describe('hash chain', () => {
    it('given appends in several batches, then each event chains to the one before and verifyStream accepts the stream', async () => {
      // given
      const streamId = streamName('chain');
      const first = await store.append(streamId, newEvents(2), 'no_stream');
      // when
      await store.append(streamId, newEvents(3, 2), first.nextExpectedRevision);
      // then
      const read = await store.readStream(streamId);
      expect(verifyStream(read)).toBeUndefined();
      expect(new Set(read.map((e) => e.metadata.hash)).size).toBe(5);
    });

    it('given several streams, when verifying the store, then it is intact and counts streams and events in order of first appearance', async () => {
      // given
      const a = streamName('verify-a');
      const b = streamName('verify-b');
      await store.append(a, newEvents(2), 'no_stream');
      await store.append(b, newEvents(3), 'no_stream');
      await store.append(a, newEvents(1, 2), 1);
      // when
      const report = await verifyStore(store);
      const streams = await store.listStreams();
      // then
      expect(report.ok).toBe(true);
      expect(report.firstBreak).toBeUndefined();
      const mine = streams.filter((s) => s === a || s === b);
      expect(mine).toEqual([a, b]);
      if (fixture.shared) {
        expect(report.events).toBeGreaterThanOrEqual(6);
      } else {
        expect(streams).toEqual([a, b]);
        expect(report).toEqual({ ok: true, streams: 2, events: 6 });
      }
    });
  });
}
