// The in-memory event store, for unit tests: the same rules as the durable adapters
// (shared in append-rules.ts and catch-up.ts), nothing survives the process.
import { checkDistinctIds, checkExpectedRevision, matchReappend } from './append-rules.js';
import { catchUpSubscription } from './catch-up.js';
import { readAllInPages } from './paging.js';
import { chainEvents } from './hash.js';
import {
  CommandIdTakenError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type RecordedCommand,
  type StoredEvent,
  type StreamWrite,
  type SubscribeOptions,
  type Subscription,
} from '../../commands/event-store-port.js';

const PAGE_SIZE = 500;

export class MemoryEventStore implements EventStore {
  readonly kind = 'memory';
  /** $all: positions are index + 1, so they start at 1 like the SQL stores. */
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  /** Event ids are unique across the store, as in the SQL stores (UNIQUE event_id). */
  private readonly byId = new Map<string, StoredEvent>();
  /** The ledger-wide commandId index. */
  private readonly commands = new Map<string, RecordedCommand>();
  private readonly listeners = new Set<() => void>();
  private closed = false;

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expected, ...options }]);
    return result!;
  }

  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen();
    for (const { streamId, events } of writes) checkDistinctIds(streamId, events);
    // Everything below runs without an await, so appends are atomic and serialised; a
    // write that throws undoes the ones before it.
    const logLength = this.log.length;
    const claimed: string[] = [];
    let results: AppendResult[];
    try {
      results = writes.map((write) => this.appendNow(write, claimed));
    } catch (error) {
      this.undo(logLength, claimed);
      throw error;
    }
    if (results.some((r) => r.events.length > 0)) for (const listener of this.listeners) listener();
    return results;
  }

  /** One write, applied now; the command ids it claims are added to `claimed`. */
  private appendNow(write: StreamWrite, claimed: string[]): AppendResult {
    const { streamId, events, expected, command } = write;
    const stream = this.streams.get(streamId) ?? [];
    const existing = events.flatMap((e) => {
      const found = this.byId.get(e.eventId);
      if (found && found.streamId !== streamId)
        throw new Error(`event id ${e.eventId} is already used in stream ${found.streamId}`);
      return found ? [found] : [];
    });
    const previous = matchReappend(streamId, events, existing);
    if (previous)
      return { nextExpectedRevision: previous.at(-1)!.revision, events: previous.map(copy) };

    const last = stream.at(-1);
    checkExpectedRevision(streamId, expected, last ? last.revision : 'no_stream');
    if (events.length === 0) return { nextExpectedRevision: last ? last.revision : -1, events: [] };
    if (command) {
      const first = this.commands.get(command.commandId);
      if (first) throw new CommandIdTakenError(command.commandId, first);
      this.commands.set(command.commandId, { streamId, fingerprint: command.fingerprint });
      claimed.push(command.commandId);
    }

    const stored = chainEvents(
      streamId,
      last && { revision: last.revision, hash: last.metadata.hash },
      events,
    ).map((e, i): StoredEvent => ({ ...e, position: this.log.length + 1 + i }));
    for (const e of stored) {
      this.log.push(e);
      stream.push(e);
      this.byId.set(e.eventId, e);
    }
    this.streams.set(streamId, stream);
    return { nextExpectedRevision: stored.at(-1)!.revision, events: stored.map(copy) };
  }

  /** Takes back every event after `logLength` and the `claimed` command ids. */
  private undo(logLength: number, claimed: string[]): void {
    for (const e of this.log.splice(logLength)) {
      const stream = this.streams.get(e.streamId)!;
      stream.pop();
      if (stream.length === 0) this.streams.delete(e.streamId);
      this.byId.delete(e.eventId);
    }
    for (const commandId of claimed) this.commands.delete(commandId);
  }

  async findCommand(commandId: string): Promise<RecordedCommand | undefined> {
    this.assertOpen();
    const first = this.commands.get(commandId);
    return first && { ...first };
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    this.assertOpen();
    return (this.streams.get(streamId) ?? []).map(copy);
  }

  async readStreamFrom(streamId: string, fromRevision: number): Promise<StoredEvent[]> {
    this.assertOpen();
    return (this.streams.get(streamId) ?? []).filter((e) => e.revision >= fromRevision).map(copy);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return readAllInPages((after, limit) => this.page(after, limit), options, PAGE_SIZE);
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return catchUpSubscription(
      {
        readPage: async (after, limit) => this.page(after, limit),
        onAppend: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      },
      options,
    );
  }

  async listStreams(): Promise<string[]> {
    this.assertOpen();
    // Map keeps insertion order, which is the order of first appearance.
    return [...this.streams.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Positions are index + 1, so the first event after `after` is at index `after`. */
  private page(after: number | undefined, limit: number): StoredEvent[] {
    this.assertOpen();
    const start = after === undefined ? 0 : Math.max(0, Math.floor(after));
    return this.log.slice(start, start + limit).map(copy);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** Callers get their own copies, so mutating a read event never changes the log. */
function copy(event: StoredEvent): StoredEvent {
  return structuredClone(event);
}
