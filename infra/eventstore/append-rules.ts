// The append rules every adapter shares, so that "same semantics" is one piece of code:
// what counts as an idempotent re-append, and when the expected revision is met.
import {
  WrongExpectedRevisionError,
  type ExpectedRevision,
  type NewEvent,
  type RecordedCommand,
  type StoredEvent,
} from '../../commands/event-store-port.js';

/** The stream's last revision, or 'no_stream' when it has no events. */
export type CurrentRevision = number | 'no_stream';

/** Throws WrongExpectedRevisionError unless the stream is where the caller expects it. */
export function checkExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  actual: CurrentRevision,
): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? actual === 'no_stream' : actual === expected) return;
  throw new WrongExpectedRevisionError(streamId, expected, actual);
}

/** Thrown when some, but not all, of a batch's event ids are already in the stream. */
export class PartialDuplicateAppendError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(
      `stream ${streamId} already holds some but not all of the events ${eventIds.join(', ')}; the batch can be neither applied nor ignored`,
    );
    this.name = 'PartialDuplicateAppendError';
  }
}

/**
 * Decides whether a batch was appended before. `existing` are the stream's events that
 * carry one of the batch's ids (any order). Returns them in revision order when the batch
 * is a pure re-append (every id present, at consecutive revisions, in batch order), in
 * which case the append is a no-op that answers what the first append answered; returns
 * undefined when none is present (a fresh append); throws when the batch overlaps
 * partially, because applying it would duplicate events and ignoring it would lose some.
 */
export function matchReappend(
  streamId: string,
  batch: NewEvent[],
  existing: StoredEvent[],
): StoredEvent[] | undefined {
  if (existing.length === 0) return undefined;
  const sorted = [...existing].sort((a, b) => a.revision - b.revision);
  const first = sorted[0]!.revision;
  const pure =
    sorted.length === batch.length &&
    sorted.every((e, i) => e.revision === first + i && e.eventId === batch[i]!.eventId);
  if (!pure)
    throw new PartialDuplicateAppendError(
      streamId,
      batch.map((e) => e.eventId),
    );
  return sorted;
}

/**
 * Rejects a batch that names the same event id twice (it could never be re-appended idempotently).
 */
export function checkDistinctIds(streamId: string, batch: NewEvent[]): void {
  const ids = new Set(batch.map((e) => e.eventId));
  if (ids.size !== batch.length)
    throw new Error(`append to ${streamId}: the batch repeats an event id`);
}

/** A row of the SQL stores' command_ids table. */
export interface CommandRow {
  stream_id: string;
  fingerprint: string | null;
}

/**
 * A command_ids row as the port's RecordedCommand (no fingerprint: recorded before fingerprints
 * were kept).
 */
export function recordedCommandOf(row: CommandRow): RecordedCommand {
  return row.fingerprint === null
    ? { streamId: row.stream_id }
    : { streamId: row.stream_id, fingerprint: row.fingerprint };
}
