// Claims left behind and races lost on the scripted cluster (esdb-fake-client.ts): a
// command's claim written before its events by an append that then lost a race, timed
// out or crashed; two writers of the same batch; a claim refused as existing but not yet
// readable; and the size limit of one append.
import { randomUUID } from 'node:crypto';
import { EsdbEventStore } from '../../infra/eventstore/esdb.js';
import { claimCommandId } from '../../infra/eventstore/esdb-command-claims.js';
import { claimStreamOf } from '../../infra/eventstore/esdb-id-claims.js';
import { AppendTooLargeError } from '../../infra/eventstore/esdb-records.js';
import { verifyStream } from '../../infra/eventstore/hash.js';
import type { StoredEvent, StreamWrite } from '../../commands/event-store-port.js';
import { newEvent, newEvents, streamName } from './eventstore.contract.js';
import { FakeClient, FakeCluster, type Call } from './esdb-fake-client.js';

function given(): { cluster: FakeCluster; client: FakeClient; store: EsdbEventStore } {
  const cluster = new FakeCluster();
  const client = new FakeClient(cluster, 'node1');
  return { cluster, client, store: EsdbEventStore.withClient(client) };
}

const n = (e: StoredEvent): number => (e.data as { n: number }).n;
const fullReads = (calls: Call[], stream: string): Call[] =>
  calls.filter((c) => c.op === 'readStream' && c.stream === stream && !('maxCount' in c.options));

describe('EventStoreDB adapter: leftover claims', () => {
  it("given a statement write whose command claim was left by a crashed append, when the statement is imported again (appendMany), then it is recorded, not refused as another command's", async () => {
    // given: the claim of the write's command, as a crash between the claim and the events left it
    const { client, store } = given();
    const a = streamName('grant-a');
    const b = streamName('grant-b');
    await store.append(a, newEvents(1), 'no_stream');
    await store.append(b, newEvents(1, 10), 'no_stream');
    const command = { commandId: `stmt-${randomUUID()}`, fingerprint: 'f-line-2' };
    await claimCommandId(client, b, command);
    const writes: StreamWrite[] = [
      {
        streamId: a,
        events: [newEvent(1)],
        expected: 0,
        command: { commandId: `x-${randomUUID()}`, fingerprint: 'f-line-1' },
      },
      { streamId: b, events: [newEvent(11)], expected: 0, command },
    ];
    // when
    const results = await store.appendMany(writes);
    // then
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1]);
    expect((await store.readStream(b)).map(n)).toEqual([10, 11]);
    expect(await store.appendMany(writes)).toEqual(results); // and a third import changes nothing
    await store.close();
  });

  it('given a claim of the same command id by another command, when appendMany runs, then it is refused before anything is written', async () => {
    // given
    const { client, store } = given();
    const a = streamName('first');
    const b = streamName('second');
    await store.append(b, newEvents(1), 'no_stream');
    const commandId = `stmt-${randomUUID()}`;
    await claimCommandId(client, b, { commandId, fingerprint: 'another command' });
    // when
    const attempt = store.appendMany([
      { streamId: a, events: [newEvent(0)], expected: 'no_stream' },
      {
        streamId: b,
        events: [newEvent(1)],
        expected: 0,
        command: { commandId, fingerprint: 'mine' },
      },
    ]);
    // then
    await expect(attempt).rejects.toMatchObject({ name: 'CommandIdTakenError' });
    expect(await store.readStream(a)).toEqual([]);
    await store.close();
  });

  it('given writes whose ids and commands were never claimed, when appendMany checks them, then no stream is read in full', async () => {
    // given
    const { client, store } = given();
    const a = streamName('long');
    let revision = (await store.append(a, newEvents(40), 'no_stream')).nextExpectedRevision;
    revision = (await store.append(a, newEvents(40, 40), revision)).nextExpectedRevision;
    client.calls.length = 0;
    // when
    await store.appendMany([
      {
        streamId: a,
        events: [newEvent(80)],
        expected: revision,
        command: { commandId: `c-${randomUUID()}`, fingerprint: 'f' },
      },
    ]);
    // then
    expect(fullReads(client.calls, a)).toEqual([]);
    expect((await store.readStream(a)).map(n).at(-1)).toBe(80);
    await store.close();
  });
});

describe('EventStoreDB adapter: lost races', () => {
  it("given two writers of the same batch with 'any', when the other one commits it between our head read and our append, then it is stored once and both answer it", async () => {
    // given
    const { cluster, client, store } = given();
    const streamId = streamName('twice');
    await store.append(streamId, newEvents(1), 'no_stream');
    const batch = newEvents(2, 1);
    const other = EsdbEventStore.withClient(new FakeClient(cluster, 'node1'));
    let theirs: Awaited<ReturnType<EsdbEventStore['append']>> | undefined;
    client.beforeNextAppend(streamId, async () => {
      theirs = await other.append(streamId, batch, 'any');
    });
    // when
    const ours = await store.append(streamId, batch, 'any');
    // then
    const read = await store.readStream(streamId);
    expect(read.map(n)).toEqual([0, 1, 2]);
    expect(verifyStream(read)).toBeUndefined();
    expect(ours).toEqual(theirs);
    await other.close();
    await store.close();
  });

  it("given another writer's event-id claim refused as existing but not readable yet, when appending, then the claim is read again and the id is refused as used elsewhere", async () => {
    // given
    const { client, store } = given();
    const owner = streamName('owner');
    const id = randomUUID();
    await store.append(owner, [newEvent(0, { eventId: id })], 'no_stream');
    client.hideNextReads(claimStreamOf(id), 2);
    // when
    const attempt = store.append(streamName('other'), [newEvent(1, { eventId: id })], 'no_stream');
    // then
    await expect(attempt).rejects.toThrow(`event id ${id} is already used in stream ${owner}`);
    await store.close();
  });

  it("given a command's own claim refused as existing but not readable yet (a retry right after a lost answer), when the command is appended, then it is recorded once", async () => {
    // given
    const { client, store } = given();
    const streamId = streamName('command');
    await store.append(streamId, newEvents(1), 'no_stream');
    const command = { commandId: `c-${randomUUID()}`, fingerprint: 'f' };
    await claimCommandId(client, streamId, command);
    client.hideNextReads(`ledger-command-${command.commandId}`, 3);
    // when
    const result = await store.append(streamId, [newEvent(1)], 0, { command });
    // then
    expect(result.nextExpectedRevision).toBe(1);
    expect((await store.readStream(streamId)).map(n)).toEqual([0, 1]);
    await store.close();
  });
});

describe('EventStoreDB adapter: the size of one append', () => {
  it('given a batch larger than the maximum append the server accepts, when appending, then it is refused before any claim or event is written', async () => {
    // given
    const { cluster, store } = given();
    const streamId = streamName('big');
    const text = 'x'.repeat(600_000);
    const batch = [newEvent(0, { data: { text } }), newEvent(1, { data: { text } })];
    // when
    const attempt = store.append(streamId, batch, 'no_stream');
    // then
    await expect(attempt).rejects.toBeInstanceOf(AppendTooLargeError);
    await expect(attempt).rejects.toThrow('more than the 1048576 bytes EventStoreDB accepts');
    expect(cluster.log).toEqual([]);
    await store.close();
  });

  it('given a smaller maximum configured for the server, when a batch under 1 MiB exceeds it, then it is refused', async () => {
    // given
    const client = new FakeClient(new FakeCluster(), 'node1');
    const store = EsdbEventStore.withClient(client, { maxAppendSize: 10_000 });
    // when
    const attempt = store.append(
      streamName('configured'),
      [newEvent(0, { data: { text: 'y'.repeat(20_000) } })],
      'no_stream',
    );
    // then
    await expect(attempt).rejects.toThrow('more than the 10000 bytes');
    await store.close();
  });
});
