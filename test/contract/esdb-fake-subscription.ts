// The scripted cluster's subscriptions to $all (see esdb-fake-client.ts): a readable of
// the node's log after a position, filtered as the server filters, with checkpoints told
// as the server versions tell them (after a filtered stretch; 22.6-23.6 also before each
// live event; 24.10.0-24.10.4 an out-of-range one first on a fresh cluster).
import { Readable } from 'node:stream';
import esdb from '@eventstore/db-client';
import {
  isAfter,
  type AllStreamResolvedEvent,
  type AllSubscription,
  type Position,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '../../infra/eventstore/esdb-client.js';
import type { FakeClient, LogRecord } from './esdb-fake-client.js';

const { START, END } = esdb;

/**
 * A subscription as the client hands it out: a readable of events; checkpoints told as they pass.
 */
export class FakeSubscription extends Readable implements AllSubscription {
  private cursor: Position | undefined;
  private filteredInARow = 0;
  private unlisten: (() => void) | undefined;
  private sent = 0;
  private live = false;

  constructor(
    private readonly client: FakeClient,
    private readonly options: SubscribeToAllOptions,
  ) {
    super({ objectMode: true, read: () => undefined });
    const from = options.fromPosition ?? START;
    this.cursor =
      from === START ? undefined : from === END ? client.cluster.log.at(-1)?.position : from;
    this.on('close', () => this.close());
  }

  start(): void {
    if (this.destroyed) return;
    if (this.client.cluster.sendsOutOfRangeCheckpoint) {
      const max = 2n ** 64n - 1n;
      void this.options.filter?.checkpointReached?.(this as never, { commit: max, prepare: max });
    }
    this.feed();
    this.live = true;
    if (this.client.cluster.sendsCaughtUp) this.emit('caughtUp');
    this.unlisten = this.client.cluster.onWrite(() => this.feed());
  }

  async unsubscribe(): Promise<void> {
    this.push(null);
    this.close();
  }

  /** Everything in the node's log after the cursor (exclusive), filtered as the server filters. */
  private feed(): void {
    if (this.destroyed) return;
    const log = this.client.cluster.view(this.client.node);
    const filter = this.options.filter;
    for (const record of log.slice(this.sent)) {
      this.sent += 1;
      if (this.cursor && !isAfter(record.position, this.cursor)) continue;
      this.cursor = record.position;
      const excluded = filter && 'regex' in filter && !new RegExp(filter.regex).test(record.type);
      if (!excluded) {
        this.filteredInARow = 0;
        if (this.live && this.client.cluster.checkpointsBeforeLiveEvents)
          void filter?.checkpointReached?.(this as never, record.position);
        this.push(resolved(record));
        continue;
      }
      this.filteredInARow += 1;
      if (this.filteredInARow % this.client.cluster.checkpointEvery === 0) {
        void filter.checkpointReached?.(this as never, record.position);
      }
    }
  }

  private close(): void {
    this.unlisten?.();
    this.client.openSubscriptions.delete(this);
  }
}

export function resolved(record: LogRecord): ResolvedEvent & AllStreamResolvedEvent {
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      isJson: true,
      revision: record.revision,
      type: record.type,
      created: new Date(0),
      data: record.data as never,
      metadata: record.metadata as never,
      position: record.position,
    },
    commitPosition: record.position.commit,
  };
}
