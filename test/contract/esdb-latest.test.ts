// The desk's "latest events" on EventStoreDB (latestEvents over the adapter's
// readLatest), on the scripted cluster, which refuses a $all read from a position that
// is not the start of a record as the server does (InvalidPosition).
import { latestEvents } from '../../infra/eventstore/latest.js';
import { EsdbEventStore } from '../../infra/eventstore/esdb.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import { collect, newEvents, streamName } from './eventstore.contract.js';
import { appendAmongSystemRecords, FakeClient, FakeCluster } from './esdb-fake-client.js';

const n = (e: StoredEvent): number => (e.data as { n: number }).n;

describe('EventStoreDB: the latest events', () => {
  it('given ledger events among system records and claims over more than one page, when the latest are asked for, then the newest come oldest first, read backwards from real positions only', async () => {
    // given
    const cluster = new FakeCluster();
    const client = new FakeClient(cluster, 'node1');
    const store = EsdbEventStore.withClient(client);
    await appendAmongSystemRecords(cluster, store, 6);
    // when
    const latest = await latestEvents(store, 520);
    const few = await latestEvents(store, 3);
    // then
    expect(latest.map(n)).toEqual(Array.from({ length: 520 }, (_, i) => 80 + i));
    expect(few.map(n)).toEqual([597, 598, 599]);
    expect(
      await latestEvents(EsdbEventStore.withClient(new FakeClient(new FakeCluster())), 5),
    ).toEqual([]);
    await store.close();
  });

  it('given the scripted cluster, when $all is read from a position inside a record, then it is refused as the server refuses it', async () => {
    // given
    const store = EsdbEventStore.withClient(new FakeClient(new FakeCluster(), 'node1'));
    const { events } = await store.append(streamName('x'), newEvents(3), 'no_stream');
    // when
    const reading = collect(store.readAll({ after: events[0]!.position + 1 }));
    // then
    await expect(reading).rejects.toThrow('Invalid position');
    await store.close();
  });
});
