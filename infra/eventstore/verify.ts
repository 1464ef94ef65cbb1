// `verify`: recomputes every stream's hash chain, one stream in memory at a time, and
// names the first break (in order of the streams' first appearance); verifyLedger also
// holds the store against the newest seal in its own `seals` stream.
import type { KeyObject } from 'node:crypto';
import { verifyStream, type ChainBreak } from './hash.js';
import { checkSeal, recordedSeals, type SealCheck, type SealProblem } from './seal.js';
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

/** What the newest seal in the store's own `seals` stream says of the store now. */
export interface NewestSealCheck {
  /** Whether every stream it sealed still holds its sealed revision with the sealed hash. */
  ok: boolean;
  sealedAt: string;
  position: number;
  root: string;
  signature: SealCheck['signature'];
  inconsistent?: string;
  problems: SealProblem[];
}

export interface LedgerVerifyReport extends VerifyReport {
  /** The newest recorded seal and what it found; null when the ledger was never sealed. */
  newestSeal: NewestSealCheck | null;
  /** What this check cannot see, in one sentence. */
  note: string;
}

const OUTSIDE_NOTE =
  'Only a seal kept outside the ledger (verify --seal FILE) catches the removal of the seals themselves.';
const NO_SEAL_NOTE =
  'The ledger has no seal yet, so a cut tail or a removed stream cannot be seen; seal it (`seal`).';

/**
 * `verify` without a seal file (domain.md "Seals"): every hash chain, and the ledger held
 * against the newest seal in its own `seals` stream, so a tail cut after that seal, or a
 * sealed stream deleted, is caught without a file. Its signature is checked against
 * `trusted` when a key is configured.
 */
export async function verifyLedger(
  store: EventStore,
  trusted?: KeyObject,
): Promise<LedgerVerifyReport> {
  const chains = await verifyStore(store);
  const newest = (await recordedSeals(store)).at(-1);
  if (!newest) return { ...chains, newestSeal: null, note: NO_SEAL_NOTE };
  const check = await checkSeal(store, newest, trusted);
  const newestSeal: NewestSealCheck = {
    ok: check.ok,
    sealedAt: newest.sealedAt,
    position: newest.position,
    root: newest.root,
    signature: check.signature,
    ...(check.inconsistent ? { inconsistent: check.inconsistent } : {}),
    problems: check.problems,
  };
  return { ...chains, ok: chains.ok && check.ok, newestSeal, note: OUTSIDE_NOTE };
}
