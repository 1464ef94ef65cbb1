// The global options (--store, --read-store) and opening the ledger they name. Every verb
// opens the ledger, does its work and closes it, whatever happens.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { isCalendarDate } from '../../domain/dates.js';
import type { AsOf } from '../../projections/grant-fold.js';
import { openEventStoreReadOnly } from '../eventstore/open.js';
import type { EventStore } from '../../commands/event-store-port.js';
import { StoreNotFoundError } from '../eventstore/store-not-found.js';
import type { Ledger } from '../ledger.js';
import { DEFAULT_STORE_URL, openLedger } from '../open-ledger.js';
import { displayUrl, redactSecrets } from '../redact.js';
import { CliError, EXIT_USAGE, usageError } from './output.js';

export interface GlobalOptions {
  store?: string;
  readStore?: string;
}

export function storeUrlOf(options: GlobalOptions): string {
  return options.store ?? process.env.LEDGER_STORE ?? DEFAULT_STORE_URL;
}

const KNOWN_SCHEMES = [
  'sqlite:',
  'postgres://',
  'postgresql://',
  'esdb://',
  'esdb+discover://',
  'memory:',
];

/** Opens the store named by --store, else LEDGER_STORE, else sqlite:./data/ledger.db. */
export async function openFromOptions(options: GlobalOptions): Promise<Ledger> {
  const storeUrl = storeUrlOf(options);
  if (!KNOWN_SCHEMES.some((s) => storeUrl.startsWith(s))) {
    throw new CliError(
      `unknown store URL "${displayUrl(storeUrl)}": use sqlite:PATH, postgres://…, esdb://… or memory:`,
      'USAGE',
      EXIT_USAGE,
    );
  }
  if (storeUrl.startsWith('sqlite:')) {
    // The default ./data/ledger.db must work on a fresh checkout: create its directory.
    let file = storeUrl.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2);
    if (file !== '' && file !== ':memory:')
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  try {
    return await openLedger({
      storeUrl,
      ...(options.readStore !== undefined ? { readStoreUrl: options.readStore } : {}),
    });
  } catch (error) {
    throw new CliError(
      `cannot open the store ${displayUrl(storeUrl)}: ${redactSecrets((error as Error).message)}`,
      'STORE_UNAVAILABLE',
    );
  }
}

/** Runs `work` with an open ledger and closes it afterwards. */
export async function withLedger<T>(
  command: Command,
  work: (ledger: Ledger) => Promise<T>,
): Promise<T> {
  const ledger = await openFromOptions(command.optsWithGlobals<GlobalOptions>());
  try {
    return await work(ledger);
  } finally {
    await ledger.close();
  }
}

/**
 * Runs `work` on the event store alone, opened read-only (verify): nothing is created, and
 * a store that is not there is exit 2 with a clear sentence.
 */
export async function withReadOnlyStore<T>(
  command: Command,
  work: (store: EventStore) => Promise<T>,
): Promise<T> {
  const storeUrl = storeUrlOf(command.optsWithGlobals<GlobalOptions>());
  if (!KNOWN_SCHEMES.some((s) => storeUrl.startsWith(s))) {
    throw new CliError(
      `unknown store URL "${displayUrl(storeUrl)}": use sqlite:PATH, postgres://…, esdb://… or memory:`,
      'USAGE',
      EXIT_USAGE,
    );
  }
  let store: EventStore;
  try {
    store = await openEventStoreReadOnly(storeUrl);
  } catch (error) {
    if (error instanceof StoreNotFoundError)
      throw new CliError(`${error.message}; nothing was created`, 'STORE_NOT_FOUND', EXIT_USAGE);
    throw new CliError(
      `cannot open the store ${displayUrl(storeUrl)}: ${redactSecrets((error as Error).message)}`,
      'STORE_UNAVAILABLE',
    );
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** --as-of DATE and --as-of-recorded TS, validated (a bad value is a usage error, exit 2). */
export function asOfFrom(options: { asOf?: string; asOfRecorded?: string }): AsOf {
  const at: AsOf = {};
  if (options.asOf !== undefined) {
    if (!isCalendarDate(options.asOf))
      throw usageError(`--as-of needs a calendar date YYYY-MM-DD, not "${options.asOf}"`);
    at.asOf = options.asOf;
  }
  if (options.asOfRecorded !== undefined) {
    const text = options.asOfRecorded;
    const looksIso =
      /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text);
    if (!looksIso || Number.isNaN(Date.parse(text)) || !isCalendarDate(text.slice(0, 10))) {
      throw usageError(
        `--as-of-recorded needs an ISO timestamp such as 2024-01-31T12:00:00Z, not "${text}"`,
      );
    }
    // A bare date means the end of that day (UTC): what the ledger said when the day was over.
    at.asOfRecorded = text.length === 10 ? `${text}T23:59:59.999Z` : new Date(text).toISOString();
  }
  return at;
}

export function unknownGrant(grantId: string): CliError {
  return new CliError(`there is no grant ${grantId}`, 'UNKNOWN_GRANT');
}
