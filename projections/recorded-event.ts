// What projections need of a stored event. Structurally a subset of the store's
// StoredEvent, so projections do not depend on infra.
import { parseGrantEvent, type GrantEvent } from '../domain/grant/events.js';

export interface RecordedEvent {
  streamId: string;
  revision: number;
  position: number;
  type: string;
  version: number;
  data: unknown;
  metadata: { actor: string; commandId: string; recordedAt: string; hash: string; correlationId?: string; causationId?: string };
}

export function toGrantEvent(e: RecordedEvent): GrantEvent {
  return parseGrantEvent({ type: e.type, version: e.version, data: e.data });
}

/** Trusted read path: events from our own store were validated when they were decided. */
export function asGrantEvent(e: RecordedEvent): GrantEvent {
  return { type: e.type, version: e.version, data: e.data } as GrantEvent;
}
