// The audit trail: every event with its global position, when it was recorded, who did
// it under which command, and its chained hash — the auditor's replay of history.
import { businessDateOf } from '../domain/grant/events.js';
import { grantIdOf } from '../domain/grant/decider.js';
import { asGrantEvent, type RecordedEvent } from './recorded-event.js';

export interface AuditEntry {
  position: number;
  grantId: string;
  streamId: string;
  revision: number;
  type: string;
  version: number;
  businessDate: string;
  recordedAt: string;
  actor: string;
  commandId: string;
  correlationId: string | null;
  causationId: string | null;
  hash: string;
  data: unknown;
}

export function auditEntryOf(e: RecordedEvent): AuditEntry {
  return {
    position: e.position,
    grantId: grantIdOf(e.streamId) ?? e.streamId,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    version: e.version,
    businessDate: businessDateOf(asGrantEvent(e)),
    recordedAt: e.metadata.recordedAt,
    actor: e.metadata.actor,
    commandId: e.metadata.commandId,
    correlationId: e.metadata.correlationId ?? null,
    causationId: e.metadata.causationId ?? null,
    hash: e.metadata.hash,
    data: e.data,
  };
}
