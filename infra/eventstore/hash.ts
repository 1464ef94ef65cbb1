// The integrity chain of domain.md: every event's hash covers the previous event's hash
// in the same stream, so an auditor can recompute the chain from an export alone.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadataInput, NewEvent, StoredEvent } from '../../commands/event-store-port.js';

export interface HashedFields {
  streamId: string;
  revision: number;
  type: string;
  version: number;
  data: unknown;
  /** The metadata without `hash`. */
  metadata: EventMetadataInput | Record<string, unknown>;
}

/** hex(sha256(prevHash + "\n" + JCS({streamId, revision, type, version, data, metadata}))) */
export function eventHash(prevHash: string, fields: HashedFields): string {
  const { streamId, revision, type, version, data, metadata } = fields;
  const canonical = canonicalize({ streamId, revision, type, version, data, metadata });
  if (canonical === undefined) throw new Error('event is not JSON-serialisable');
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

/** Strips `undefined` and other non-JSON values so that what is hashed is what is stored. */
export function jsonClean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Gives new events their revisions and chained hashes, starting after the stream's last
 * event (`prev` is undefined for a new stream). Positions are filled in by the store.
 */
export function chainEvents(
  streamId: string,
  prev: { revision: number; hash: string } | undefined,
  events: NewEvent[],
): Omit<StoredEvent, 'position'>[] {
  let prevHash = prev?.hash ?? '';
  let revision = prev ? prev.revision : -1;
  return events.map((e) => {
    revision += 1;
    const data = jsonClean(e.data);
    const metadata = jsonClean(e.metadata);
    const hash = eventHash(prevHash, {
      streamId,
      revision,
      type: e.type,
      version: e.version,
      data,
      metadata,
    });
    prevHash = hash;
    return {
      eventId: e.eventId,
      streamId,
      revision,
      type: e.type,
      version: e.version,
      data,
      metadata: { ...metadata, hash },
    };
  });
}

export interface ChainBreak {
  streamId: string;
  revision: number;
  reason: string;
}

/** Recomputes one stream's chain; returns the first broken revision, or undefined when intact. */
export function verifyStream(events: StoredEvent[]): ChainBreak | undefined {
  let prevHash = '';
  for (const [index, e] of events.entries()) {
    if (e.revision !== index)
      return {
        streamId: e.streamId,
        revision: index,
        reason: `revision ${e.revision} where ${index} was expected`,
      };
    const { hash, ...metadata } = e.metadata;
    const expected = eventHash(prevHash, {
      streamId: e.streamId,
      revision: e.revision,
      type: e.type,
      version: e.version,
      data: e.data,
      metadata,
    });
    if (hash !== expected)
      return {
        streamId: e.streamId,
        revision: e.revision,
        reason: 'hash does not match the event and its predecessor',
      };
    prevHash = hash;
  }
  return undefined;
}
