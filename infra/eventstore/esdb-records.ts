// How ledger events sit in EventStoreDB records, both ways: the metadata envelope written
// beside each event, the server record read back as a StoredEvent, and the size the
// server counts against its maximum append (MaxAppendSize, 1 MiB by default).
//
// Metadata on the server is { version, metadata }: the event's schema version beside our
// metadata (with hash), so no key of ours can collide with another. Records without that
// envelope (claims, system records, other applications' events) are not ledger events.
import type { AllStreamResolvedEvent, ResolvedEvent } from './esdb-client.js';
import type { EventMetadata, NewEvent, StoredEvent } from '../../commands/event-store-port.js';

export interface ServerMetadata {
  version: number;
  metadata: EventMetadata;
}

/** `,"hash":"<64 hex>"` added to the metadata when chained, with room to spare. */
const HASH_FIELDS = 160;

/** The server's default MaxAppendSize (bytes), which a deployment may have changed. */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

/** Thrown before anything is written when a batch is larger than the server accepts. */
export class AppendTooLargeError extends Error {
  constructor(
    readonly streamId: string,
    readonly size: number,
    readonly maxAppendSize: number,
  ) {
    super(
      `append to ${streamId} is ${size} bytes, more than the ${maxAppendSize} bytes ` +
        'EventStoreDB accepts in one append (MaxAppendSize); nothing was written',
    );
    this.name = 'AppendTooLargeError';
  }
}

/**
 * The size the server counts for a batch: Event.SizeOnDisk sums each event's data,
 * metadata and type (counted twice, as UTF-16); a little more per event is added here
 * for the hash fields and the record's fixed fields, so the check errs on the safe side.
 */
export function appendSize(events: NewEvent[]): number {
  let size = 0;
  for (const e of events) {
    const metadata = { version: e.version, metadata: e.metadata };
    size += Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(metadata));
    // the hash (and prevHash) added when the batch is chained, and the record's fixed fields
    size += 2 * e.type.length + HASH_FIELDS + 64;
  }
  return size;
}

export function checkAppendSize(streamId: string, events: NewEvent[], max: number): void {
  const size = appendSize(events);
  if (size > max) throw new AppendTooLargeError(streamId, size, max);
}

export function isSystem(resolved: AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.streamId.startsWith('$') || event.type.startsWith('$');
}

function toNumber(position: bigint): number {
  if (position > BigInt(Number.MAX_SAFE_INTEGER))
    throw new Error(`$all position ${position} does not fit a number exactly`);
  return Number(position);
}

/** Our event from a server record; undefined for records that are not ledger events (claims…). */
export function toStoredEvent(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): StoredEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  const meta = event.metadata as Partial<ServerMetadata> | undefined;
  if (!meta || typeof meta.version !== 'number' || typeof meta.metadata !== 'object')
    return undefined;
  // Servers before 22.6 send no position with events read from a stream: the client then
  // reads the protobuf defaults, 0, and 0 is never a ledger event's position (the log
  // starts with the server's own records).
  const commit = event.position?.commit;
  if (commit === undefined || commit === 0n)
    throw new Error(
      'EventStoreDB sent an event without its $all position: the server must be 22.6 or later',
    );
  return {
    eventId: event.id.toLowerCase(),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toNumber(commit),
    type: event.type,
    version: meta.version,
    data: event.data,
    metadata: meta.metadata,
  };
}
