// `verify`: recomputes every stream's hash chain, one stream in memory at a time, and
// names the first break (in order of the streams' first appearance).
import { verifyStream, type ChainBreak } from './hash.js';
import type { EventStore } from '../../commands/event-store-port.js';

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  firstBreak?: ChainBreak;
}

export async function verifyStore(store: EventStore): Promise<VerifyReport> {
  let streams = 0;
  let events = 0;
  let firstBreak: ChainBreak | undefined;
  for (const streamId of await store.listStreams()) {
    const stream = await store.readStream(streamId);
    streams += 1;
    events += stream.length;
    // Keep counting after a break, so the report also says how much was checked.
    firstBreak ??= verifyStream(stream);
  }
  return firstBreak ? { ok: false, streams, events, firstBreak } : { ok: true, streams, events };
}
