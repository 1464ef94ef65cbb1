// What the CLI, the API and the dashboard may ask of the read models. Implemented by the
// persisted SQL read models (infra/readstore) and, for tests and the memory store, by
// folding the log on demand (infra/readstore/fold-read-models.ts).
import type { GrantStatus } from '../domain/grant/state.js';
import type { ReferenceRate } from '../domain/interest.js';
import type { AuditEntry } from './audit.js';
import type { GrantBalance } from './balance.js';
import type { IndicatorStatus } from './indicators.js';
import type { JournalEntry } from './journal.js';
import type { PortfolioLine } from './portfolio.js';

/**
 * The reference rates for recovery interest (sorted by validFrom): the list itself, or how
 * to read it. A read store reads them only for a grant with recoveries: interest accrues on
 * nothing else, so a balance without recoveries costs one read, not two.
 */
export type RatesSource = readonly ReferenceRate[] | (() => Promise<readonly ReferenceRate[]>);

/** The rates of `source` when `needed` (the grant has recoveries); none otherwise. */
export async function ratesWhen(
  needed: boolean,
  source: RatesSource = [],
): Promise<readonly ReferenceRate[]> {
  if (!needed) return [];
  return typeof source === 'function' ? source() : source;
}

/** `source` read at most once, however many grants need it. */
export function ratesOnce(source: RatesSource = []): RatesSource {
  if (typeof source !== 'function') return source;
  let read: Promise<readonly ReferenceRate[]> | undefined;
  return () => (read ??= source());
}

export interface RebuildProgress {
  /** Events applied so far. */
  done: number;
  /** Events in the log when the rebuild started (an estimate if writers keep appending). */
  total: number;
}

export interface ReadModels {
  /** Applies every event the store has that the read models have not seen yet. */
  catchUp(): Promise<void>;
  /**
   * Makes sure the tables reflect every event up to `position` (one just appended): the
   * read-your-write step after a command. Cheap when they already do (inline projection).
   */
  catchUpTo(position: number): Promise<void>;
  /**
   * `today` judges overdue final reports and missed indicators, and is the day up to which
   * recovery interest is computed with `rates` (the reference rates, sorted by validFrom,
   * read only for a grant with recoveries; none: no interest accrues).
   */
  balance(grantId: string, today: string, rates?: RatesSource): Promise<GrantBalance | undefined>;
  indicators(grantId: string, today: string): Promise<IndicatorStatus[] | undefined>;
  grants(
    today: string,
    status?: Exclude<GrantStatus, 'none'>,
    rates?: RatesSource,
  ): Promise<GrantBalance[]>;
  portfolio(today: string, appropriation?: string): Promise<PortfolioLine[]>;
  payments(grantId?: string): Promise<JournalEntry[]>;
  history(grantId: string): Promise<AuditEntry[]>;
  /** Drops every read model and applies the whole log again. */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress>;
  close(): Promise<void>;
}

/** What the read models answer: the queries, without keeping them up to date. */
export type ReadModelQueries = Pick<
  ReadModels,
  'balance' | 'indicators' | 'grants' | 'portfolio' | 'payments' | 'history'
>;
