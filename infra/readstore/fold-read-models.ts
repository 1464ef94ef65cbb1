// Read models computed on demand by folding the log: no tables, always fresh. Used with
// the in-memory store and as the reference the SQL read models are tested against.
import { grantIdOf, streamIdOf } from '../../domain/grant/decider.js';
import type { GrantState, GrantStatus } from '../../domain/grant/state.js';
import { auditEntryOf, type AuditEntry } from '../../projections/audit.js';
import { balanceOf, type GrantBalance } from '../../projections/balance.js';
import { foldGrant } from '../../projections/grant-fold.js';
import { indicatorsOf, type IndicatorStatus } from '../../projections/indicators.js';
import { journalOf, type JournalEntry } from '../../projections/journal.js';
import { portfolioOf, type PortfolioLine } from '../../projections/portfolio.js';
import {
  ratesOnce,
  ratesWhen,
  type RatesSource,
  type ReadModels,
  type RebuildProgress,
} from '../../projections/read-models.js';
import type { EventStore } from '../../commands/event-store-port.js';

export class FoldReadModels implements ReadModels {
  constructor(private readonly store: EventStore) {}

  async catchUp(): Promise<void> {}

  async catchUpTo(_position: number): Promise<void> {}

  private async grantIds(): Promise<string[]> {
    return (await this.store.listStreams())
      .map((s) => grantIdOf(s))
      .filter((g): g is string => g !== undefined);
  }

  async balance(
    grantId: string,
    today: string,
    rates?: RatesSource,
  ): Promise<GrantBalance | undefined> {
    return this.balanceOfState(grantId, await this.stateOf(grantId), today, rates);
  }

  private async stateOf(grantId: string) {
    return foldGrant(await this.store.readStream(streamIdOf(grantId)));
  }

  private async balanceOfState(
    grantId: string,
    state: GrantState,
    today: string,
    rates?: RatesSource,
  ): Promise<GrantBalance | undefined> {
    return balanceOf(grantId, state, today, await ratesWhen(state.recoveries.size > 0, rates));
  }

  async indicators(grantId: string, today: string): Promise<IndicatorStatus[] | undefined> {
    const state = foldGrant(await this.store.readStream(streamIdOf(grantId)));
    return state.status === 'none' ? undefined : indicatorsOf(grantId, state, today);
  }

  async grants(
    today: string,
    status?: Exclude<GrantStatus, 'none'>,
    rates?: RatesSource,
  ): Promise<GrantBalance[]> {
    const balances: GrantBalance[] = [];
    const once = ratesOnce(rates);
    for (const grantId of await this.grantIds()) {
      const state = await this.stateOf(grantId);
      if (status !== undefined && state.status !== status) continue;
      const b = await this.balanceOfState(grantId, state, today, once);
      if (b) balances.push(b);
    }
    return balances.sort((a, b) => a.grantId.localeCompare(b.grantId));
  }

  async portfolio(today: string, appropriation?: string): Promise<PortfolioLine[]> {
    const lines = portfolioOf(await this.grants(today));
    return appropriation === undefined
      ? lines
      : lines.filter((l) => l.appropriation === appropriation);
  }

  async payments(grantId?: string): Promise<JournalEntry[]> {
    const ids = grantId !== undefined ? [grantId] : await this.grantIds();
    const entries: JournalEntry[] = [];
    for (const id of ids)
      entries.push(...journalOf(id, foldGrant(await this.store.readStream(streamIdOf(id)))));
    return entries;
  }

  async history(grantId: string): Promise<AuditEntry[]> {
    return (await this.store.readStream(streamIdOf(grantId))).map(auditEntryOf);
  }

  async rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    let done = 0;
    for await (const _ of this.store.readAll()) done += 1;
    const progress = { done, total: done };
    onProgress?.(progress);
    return progress;
  }

  async close(): Promise<void> {}
}
