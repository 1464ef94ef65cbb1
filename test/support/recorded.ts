// Turns decided events into RecordedEvent-shaped objects (what a store hands to
// projections): stream, revision, position and metadata. The hash here is a placeholder;
// projections do not check it (integrity is the store's and `verify`'s concern).
import type { GrantEvent } from '../../domain/grant/events.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import type { RecordedEvent } from '../../projections/recorded-event.js';

export function recorded(
  grantId: string,
  events: GrantEvent[],
  o: { actor?: string; recordedAt?: (index: number) => string } = {},
): RecordedEvent[] {
  const recordedAt =
    o.recordedAt ?? ((i: number) => new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString());
  return events.map((e, i) => ({
    streamId: streamIdOf(grantId),
    revision: i,
    position: i + 1,
    type: e.type,
    version: e.version,
    data: structuredClone(e.data),
    metadata: {
      actor: o.actor ?? 'test@test',
      commandId: `cmd-${i}`,
      recordedAt: recordedAt(i),
      hash: `hash-${i}`,
    },
  }));
}
