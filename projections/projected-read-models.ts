// Read models kept in a read store (SQLite, PostgreSQL tables) by a projection runner: the
// ReadModels the app queries, composed where the app is (infra/open-ledger.ts). The read
// store is a plain adapter: the I/O steps of a batch (runner.ts's ReadStore, by the
// checkpoint protocol) and the queries; this object runs one read-model job at a time
// (SerialQueue) and answers the queries from the store.
import type { GrantStatus } from '../domain/grant/state.js';
import type { AuditEntry } from './audit.js';
import type { GrantBalance } from './balance.js';
import type { IndicatorStatus } from './indicators.js';
import type { JournalEntry } from './journal.js';
import type { PortfolioLine } from './portfolio.js';
import type { RatesSource, ReadModelQueries, ReadModels, RebuildProgress } from './read-models.js';
import type { ProjectionRunner, ReadStore } from './runner.js';
import { SerialQueue } from './serial-queue.js';

/** A read store as the app uses it: the runner's steps, the queries, and its own end. */
export interface QueryableReadStore extends ReadStore, ReadModelQueries {
  /** Whether the tables already hold the event at `position` (its append projected it inline). */
  hasApplied(position: number): boolean;
  /** Counts the events after a position cheaply, where the store sits beside them. */
  readonly countEventsAfter?: ((after: number) => Promise<number>) | undefined;
  close(): Promise<void>;
}

export class ProjectedReadModels<
  S extends QueryableReadStore = QueryableReadStore,
> implements ReadModels {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly runner: ProjectionRunner,
    /** The read store the runner keeps up to date (its tables, for BI and tests). */
    readonly store: S,
  ) {}

  async catchUp(): Promise<void> {
    await this.queue.shared(() => this.runner.catchUp());
  }

  async catchUpTo(position: number): Promise<void> {
    if (this.store.hasApplied(position)) return; // the append's own transaction projected it
    await this.catchUp();
  }

  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    return this.queue.exclusive(() => this.runner.rebuild(onProgress));
  }

  /** The position of the last event the tables reflect. */
  checkpoint(): Promise<number> {
    return this.store.readCheckpoint();
  }

  balance(grantId: string, today: string, rates?: RatesSource): Promise<GrantBalance | undefined> {
    return this.store.balance(grantId, today, rates);
  }

  indicators(grantId: string, today: string): Promise<IndicatorStatus[] | undefined> {
    return this.store.indicators(grantId, today);
  }

  grants(
    today: string,
    status?: Exclude<GrantStatus, 'none'>,
    rates?: RatesSource,
  ): Promise<GrantBalance[]> {
    return this.store.grants(today, status, rates);
  }

  portfolio(today: string, appropriation?: string): Promise<PortfolioLine[]> {
    return this.store.portfolio(today, appropriation);
  }

  payments(grantId?: string): Promise<JournalEntry[]> {
    return this.store.payments(grantId);
  }

  history(grantId: string): Promise<AuditEntry[]> {
    return this.store.history(grantId);
  }

  /** Waits for the job under way, then closes the store. */
  async close(): Promise<void> {
    await this.queue.exclusive(async () => undefined);
    await this.store.close();
  }
}
