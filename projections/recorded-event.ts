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
  metadata: { actor: string; commandId: string; recordedAt: string; hash: string; correlationId?: string; causationId?: string };
}

export { asGrantEvent };
