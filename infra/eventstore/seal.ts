// Seals (domain.md "Seals"): what a hash chain alone cannot show. A chain proves that
// nothing inside a stream changed, not that its newest events, or a whole stream, were not
// removed. A seal fixes every stream's head at one moment:
//
//   {sealedAt, position, streams, events, root}
//   root = hex(sha256(JCS([[streamId, lastRevision, lastHash], …])))   sorted by streamId,
//                                                                       the `seals` stream excluded
//
// The seal also carries `heads` (the very array the root is the hash of), so that a check
// can name each stream that was cut short or removed. When a key is configured it is
// signed with Ed25519 over JCS of the five fields above (`signature`, base64; `publicKey`,
// SPKI PEM): `heads` is covered through the root. Works on every EventStore: it needs
// only readAll, in global order.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { EventStore, NewEvent, StoredEvent } from '../../commands/event-store-port.js';

/** The stream every seal is appended to; it is never part of a root. */
export const SEALS_STREAM = 'seals';
export const SEAL_EVENT_TYPE = 'LedgerSealed';

const sha256Hex = /^[0-9a-f]{64}$/;
const count = z.number().int().nonnegative();

/** [streamId, lastRevision, lastHash] */
const head = z.tuple([z.string().min(1), count, z.string().regex(sha256Hex)]);
export type StreamHead = z.infer<typeof head>;

export const sealSchema = z.strictObject({
  sealedAt: z.iso.datetime(),
  /** The last global position of the log when it was sealed. */
  position: z.number().int().min(-1),
  /** How many streams were sealed. */
  streams: count,
  /** How many events those streams held. */
  events: count,
  root: z.string().regex(sha256Hex),
  heads: z.array(head),
  /** base64 Ed25519 signature over signedText(seal). */
  signature: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/)
    .optional(),
  /** The signer's public key, SPKI PEM. */
  publicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----').optional(),
});
export type Seal = z.infer<typeof sealSchema>;

/** hex(sha256(JCS(heads))) */
export function rootOf(heads: readonly StreamHead[]): string {
  return createHash('sha256').update(canonicalize(heads)!).digest('hex');
}

/** What is signed: JCS({sealedAt, position, streams, events, root}). */
export function signedText(
  seal: Pick<Seal, 'sealedAt' | 'position' | 'streams' | 'events' | 'root'>,
): string {
  const { sealedAt, position, streams, events, root } = seal;
  return canonicalize({ sealedAt, position, streams, events, root })!;
}

/** Every stream's head as of the end of the log, read once in global order. */
async function headsOf(
  store: EventStore,
): Promise<{ heads: StreamHead[]; position: number; events: number }> {
  const last = new Map<string, { revision: number; hash: string }>();
  let position = -1;
  for await (const e of store.readAll()) {
    position = e.position;
    if (e.streamId !== SEALS_STREAM)
      last.set(e.streamId, { revision: e.revision, hash: e.metadata.hash });
  }
  const heads = [...last.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) // code-unit order, as JCS sorts keys
    .map(([streamId, h]): StreamHead => [streamId, h.revision, h.hash]);
  const events = heads.reduce((sum, [, revision]) => sum + revision + 1, 0);
  return { heads, position, events };
}

/** A seal of the whole ledger now; signed when a key is given. */
export async function makeSeal(store: EventStore, sealedAt: Date, key?: KeyObject): Promise<Seal> {
  const { heads, position, events } = await headsOf(store);
  const unsigned: Seal = {
    sealedAt: sealedAt.toISOString(),
    position,
    streams: heads.length,
    events,
    root: rootOf(heads),
    heads,
  };
  if (!key) return unsigned;
  const signature = sign(null, Buffer.from(signedText(unsigned), 'utf8'), key).toString('base64');
  return { ...unsigned, signature, publicKey: publicPemOf(key) };
}

/** Appends the seal to the `seals` stream (so that the export carries it) and returns its event. */
export async function recordSeal(
  store: EventStore,
  seal: Seal,
  actor: string,
): Promise<StoredEvent> {
  const event: NewEvent = {
    eventId: randomUUID(),
    type: SEAL_EVENT_TYPE,
    version: 1,
    data: seal,
    metadata: { actor, commandId: `seal-${randomUUID()}`, recordedAt: seal.sealedAt },
  };
  const { events } = await store.append(SEALS_STREAM, [event], 'any');
  return events[0]!;
}

/** The seals recorded in the ledger, oldest first. */
export async function recordedSeals(store: EventStore): Promise<Seal[]> {
  const events = await store.readStream(SEALS_STREAM);
  return events.filter((e) => e.type === SEAL_EVENT_TYPE).map((e) => sealSchema.parse(e.data));
}

// ── keys ────────────────────────────────────────────────────────────────────────────────

/** A new Ed25519 key pair as PEM: the private key (PKCS#8) and the public key (SPKI). */
export function newSealKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * An Ed25519 key from a PEM file: a private key signs; either kind names the trusted public key.
 */
export function readSealKey(file: string, kind: 'private' | 'public'): KeyObject {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SealKeyError(
      `cannot read the seal key ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new SealKeyError(`${file} holds no ${kind} key in PEM form`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new SealKeyError(`${file} is a ${key.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`);
  return key;
}

export class SealKeyError extends Error {
  override name = 'SealKeyError';
}

/** The key's public half as SPKI PEM (what a seal's `publicKey` holds). */
export function publicPemOf(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** The seal as a file: one field a line, one stream head a line (easy to read and to diff). */
export function sealFileText(seal: Seal): string {
  const lines = Object.entries(seal).map(([name, value]) => {
    if (name !== 'heads') return `  ${JSON.stringify(name)}: ${JSON.stringify(value)}`;
    const heads = (value as StreamHead[]).map((h) => `    ${JSON.stringify(h)}`).join(',\n');
    return heads === '' ? '  "heads": []' : `  "heads": [\n${heads}\n  ]`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

// ── checking a seal against the store ───────────────────────────────────────────────────

export type SignatureStatus =
  /** signed by the trusted key (or, with none configured, by the key the seal names) */
  | 'valid'
  | 'unsigned'
  /** the signature does not match the sealed fields */
  | 'invalid'
  /** signed, validly, by a key other than the trusted one */
  | 'other-key';

export interface SealProblem {
  streamId: string;
  /**
   * removed: the stream is gone; cut-short: it ends before the sealed revision; changed: the sealed
   * revision has another hash
   */
  kind: 'removed' | 'cut-short' | 'changed';
  sealedRevision: number;
  sealedHash: string;
  /** The stream's last revision now (absent when removed). */
  lastRevision?: number;
}

export interface SealCheck {
  ok: boolean;
  sealedAt: string;
  root: string;
  signature: SignatureStatus;
  /**
   * Whether the signature was checked against a key configured here (not only the one
   * the seal names).
   */
  keyPinned: boolean;
  /** Set when the seal's own fields disagree (root, counts): it was altered after sealing. */
  inconsistent?: string;
  problems: SealProblem[];
}

/** The seal's own fields agree: root is the hash of heads, the counts are theirs. */
function inconsistency(seal: Seal): string | undefined {
  if (rootOf(seal.heads) !== seal.root) return 'its root is not the hash of its stream heads';
  if (seal.streams !== seal.heads.length)
    return `it counts ${seal.streams} streams but lists ${seal.heads.length}`;
  const events = seal.heads.reduce((sum, [, revision]) => sum + revision + 1, 0);
  if (seal.events !== events) return `it counts ${seal.events} events but its heads hold ${events}`;
  const ids = seal.heads.map(([id]) => id);
  if (ids.some((id, i) => i > 0 && !(ids[i - 1]! < id)))
    return 'its stream heads are not sorted by stream id';
  if (ids.includes(SEALS_STREAM)) return 'it seals the seals stream itself';
  return undefined;
}

function signatureStatus(seal: Seal, trusted: KeyObject | undefined): SignatureStatus {
  if (seal.signature === undefined || seal.publicKey === undefined) return 'unsigned';
  let named: KeyObject;
  try {
    named = createPublicKey(seal.publicKey);
  } catch {
    return 'invalid';
  }
  const valid = (key: KeyObject) => {
    try {
      return verify(
        null,
        Buffer.from(signedText(seal), 'utf8'),
        key,
        Buffer.from(seal.signature!, 'base64'),
      );
    } catch {
      return false;
    }
  };
  if (!valid(named)) return 'invalid';
  if (trusted && publicPemOf(trusted) !== publicPemOf(named)) return 'other-key';
  return 'valid';
}

/**
 * Checks a seal: its signature (against `trusted` when given: a seal by another key, or an
 * unsigned one, is refused), its own consistency, and that every sealed stream still holds
 * its sealed revision with the sealed hash. Streams may have grown since; that is fine.
 */
export async function checkSeal(
  store: EventStore,
  seal: Seal,
  trusted?: KeyObject,
): Promise<SealCheck> {
  const signature = signatureStatus(seal, trusted);
  const inconsistent = inconsistency(seal);
  const sealed = new Map(
    seal.heads.map(([streamId, revision, hash]) => [streamId, { revision, hash }]),
  );
  const found = new Map<string, { last: number; hashAtSealed?: string }>();
  for await (const e of store.readAll()) {
    const s = sealed.get(e.streamId);
    if (!s) continue;
    const f = found.get(e.streamId) ?? { last: -1 };
    f.last = Math.max(f.last, e.revision);
    if (e.revision === s.revision) f.hashAtSealed = e.metadata.hash;
    found.set(e.streamId, f);
  }
  const problems: SealProblem[] = [];
  for (const [streamId, s] of sealed) {
    const f = found.get(streamId);
    const at = { streamId, sealedRevision: s.revision, sealedHash: s.hash };
    if (!f) problems.push({ ...at, kind: 'removed' });
    else if (f.hashAtSealed === undefined)
      problems.push({ ...at, kind: 'cut-short', lastRevision: f.last });
    else if (f.hashAtSealed !== s.hash)
      problems.push({ ...at, kind: 'changed', lastRevision: f.last });
  }
  const signatureOk = signature === 'valid' || (signature === 'unsigned' && !trusted);
  return {
    ok: signatureOk && !inconsistent && problems.length === 0,
    sealedAt: seal.sealedAt,
    root: seal.root,
    signature,
    keyPinned: trusted !== undefined,
    ...(inconsistent ? { inconsistent } : {}),
    problems,
  };
}

/** A seal file's text as a Seal, or a sentence saying what is wrong with it. */
export function parseSeal(text: string): Seal | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { error: `it is not JSON (${(error as Error).message})` };
  }
  // A seal as GET /seals lists it, or as the seals stream's event data, is the same object.
  const result = sealSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return { error: `${issue.path.join('.') || 'the seal'}: ${issue.message}` };
}

/** Ed25519 from LEDGER_SEAL_KEY (a PEM file path), or undefined when none is configured. */
export function configuredSealKey(env: NodeJS.ProcessEnv = process.env): KeyObject | undefined {
  const file = env.LEDGER_SEAL_KEY;
  return file ? readSealKey(file, 'private') : undefined;
}
