// What projections need of a stored event. Structurally a subset of the store's
// StoredEvent, so projections do not depend on infra.
import { asGrantEvent } from '../domain/grant/events.js';

export interface RecordedEvent {
  streamId: string;
  revision: number;
  position: number;
  type: string;
  version: number;
  data: unknown;
  metadata: {
    actor: string;
    commandId: string;
    recordedAt: string;
    hash: string;
    correlationId?: string;
    causationId?: string;
  };
}

/**
 * An event as a projection batch holds it. Only the audit trail needs the metadata, so a
 * source asked for events without it (EventSource.readPage) may leave it out: a rebuild
 * beside the SQLite store then neither reads nor parses it (a third of a scan's cost).
 */
export type ProjectedEvent = Omit<RecordedEvent, 'metadata'> & {
  metadata?: RecordedEvent['metadata'];
};

/** The event with its metadata, for what needs it (the audit trail). */
export function withMetadata(e: ProjectedEvent): RecordedEvent {
  if (e.metadata === undefined)
    throw new Error(
      `projection: event at position ${e.position} was read without the metadata the audit trail needs`,
    );
  return e as RecordedEvent;
}

export { asGrantEvent };
