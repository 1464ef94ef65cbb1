// Event ids derived from the command: a retried append of the same command (after a
// timeout, say) carries the same ids, so the store's idempotent append swallows it.
import { createHash, randomUUID } from 'node:crypto';

export function eventIdFor(streamId: string, commandId: string, index: number): string {
  const h = createHash('sha256').update(`${streamId}\n${commandId}\n${index}`).digest('hex');
  // Formatted as an RFC 4122 version-5-style UUID (EventStoreDB requires UUIDs).
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export const newCommandId = (): string => randomUUID();
