// The ledger as the CLI, the HTTP API and the dashboard see it: commands in, projections
// out. It wires the command handler to the store and keeps the read models fresh inline,
// so that a caller can read its own write as soon as its command is acknowledged.
import type { KeyObject } from 'node:crypto';
import { CommandHandler, type HandleOptions, type HandleResult } from '../commands/handler.js';
import { systemClock, type Clock } from '../commands/clock.js';
import { parseCommand } from '../commands/parse.js';
import { streamIdOf } from '../domain/grant/decider.js';
import { balanceOf, type GrantBalance } from '../projections/balance.js';
import { foldGrant, isVisible, referenceDate, type AsOf } from '../projections/grant-fold.js';
import { indicatorsOf, type IndicatorStatus } from '../projections/indicators.js';
import { auditEntryOf, type AuditEntry } from '../projections/audit.js';
import { journalOf, type JournalEntry } from '../projections/journal.js';
import type { ReadModels, RebuildProgress } from '../projections/read-models.js';
import {
  referenceRateLines,
  referenceRatesAt,
  type ReferenceRateLine,
} from '../projections/reference-rates.js';
import type { ReferenceRates } from '../domain/reference-rates/decider.js';
import { REFERENCE_RATES_STREAM } from '../domain/reference-rates/events.js';
import type { EventStore, StoredEvent } from '../commands/event-store-port.js';
import { makeSeal, recordedSeals, recordSeal, type Seal } from './eventstore/seal.js';
import { verifyLedger, type LedgerVerifyReport } from './eventstore/verify.js';

/**
 * A judgement date before every due date: only a submitted final report makes an indicator
 * `missed`.
 */
const BEFORE_ANY_DUE_DATE = '0000-01-01';

export class Ledger {
  readonly handler: CommandHandler;

  constructor(
    readonly store: EventStore,
    readonly readModels: ReadModels,
    readonly clock: Clock = systemClock,
  ) {
    this.handler = new CommandHandler({
      store,
      clock,
      // Read-your-write: the acknowledged command's events are in the read models.
      afterAppend: async (events) => {
        const last = events.at(-1);
        if (last) await readModels.catchUpTo(last.position);
      },
    });
  }

  today(): string {
    return this.clock().toISOString().slice(0, 10);
  }

  execute(raw: unknown, options: HandleOptions = {}): Promise<HandleResult> {
    return this.handler.handle(raw, options);
  }

  /**
   * Several commands recorded all-or-nothing (CommandHandler.handleAll): a store failure
   * records none of them; a command that does not parse or is rejected is refused alone.
   */
  async executeAll(raws: unknown[], options: HandleOptions = {}): Promise<HandleResult[]> {
    const parsed = raws.map(parseCommand);
    if (options.allOrNothing && parsed.some((p) => !p.ok)) {
      const message = 'not recorded: another command of the same batch was refused';
      return parsed.map((p): HandleResult =>
        p.ok
          ? { ok: false, error: { kind: 'rejection', code: 'INVALID_STATE', message, path: '' } }
          : { ok: false, error: p.rejection },
      );
    }
    const accepted = parsed.flatMap((p) => (p.ok ? [p.command] : []));
    const answers = await this.handler.handleAll(accepted, options);
    let next = 0;
    return parsed.map((p): HandleResult =>
      p.ok ? answers[next++]! : { ok: false, error: p.rejection },
    );
  }

  /** The grant's state as of `at`, folded from its stream. */
  private async replay(grantId: string, at: AsOf) {
    const streamId = streamIdOf(grantId);
    // As of a business date the metadata is not needed: not reading and parsing it is a third of a
    // replay's allocations.
    const events =
      at.asOfRecorded === undefined && this.store.readStreamWithoutMetadata
        ? await this.store.readStreamWithoutMetadata(streamId)
        : await this.store.readStream(streamId);
    return { state: foldGrant(events, at), day: referenceDate(at, this.today()) };
  }

  private static timeTravels(at: AsOf): boolean {
    return at.asOf !== undefined || at.asOfRecorded !== undefined;
  }

  /** The grant's folded state as of now (or `at`): what the bank files and the books read. */
  async grantState(grantId: string, at: AsOf = {}) {
    return (await this.replay(grantId, at)).state;
  }

  /**
   * The reference rates (stream `reference-rates`) as the ledger held them `at`, sorted by
   * validFrom.
   */
  async referenceRates(at: AsOf = {}): Promise<ReferenceRates> {
    return referenceRatesAt(await this.store.readStream(REFERENCE_RATES_STREAM), at);
  }

  /** GET /reference-rates: each half-year's rate, who set it, and what it corrected. */
  async referenceRateLines(at: AsOf = {}): Promise<ReferenceRateLine[]> {
    return referenceRateLines(await this.store.readStream(REFERENCE_RATES_STREAM), at);
  }

  /**
   * Present figures come from the read model; `asOf`/`asOfRecorded` replay the grant's
   * stream. A grant with recoveries is replayed too: how its repayments divide into interest
   * and principal depends on the reference rates (a corrected rate re-splits them), which
   * the stored row cannot know. Recovery interest is computed up to the day asked, with the
   * rates of that moment — for a closed grant, those of the moment it closed.
   */
  async balance(grantId: string, at: AsOf = {}): Promise<GrantBalance | undefined> {
    if (!Ledger.timeTravels(at)) {
      const stored = await this.readModels.balance(grantId, this.today(), () =>
        this.referenceRates(),
      );
      return stored && stored.recoveries.length > 0 ? this.replayedBalance(grantId, at) : stored;
    }
    return this.replayedBalance(grantId, at);
  }

  private async replayedBalance(grantId: string, at: AsOf): Promise<GrantBalance | undefined> {
    const streamId = streamIdOf(grantId);
    const events = await this.store.readStream(streamId);
    const state = foldGrant(events, at);
    const closed = events.find((e) => e.type === 'GrantClosed' && isVisible(e, at));
    const rates = await this.referenceRates(
      closed ? { ...at, asOfRecorded: closed.metadata.recordedAt } : at,
    );
    return balanceOf(grantId, state, referenceDate(at, this.today()), rates);
  }

  /**
   * Indicators judge "due date passed" against the business date asked for (`asOf`), not
   * the wall clock: the ledger's grants are historical (the founding case ran 2023–2024),
   * and a present-day query must still show what domain.md's founding case shows
   * (`not-started`), and `in-progress` for deliveries under way. Without `asOf` an
   * indicator is `missed` once the final report is in with a target unmet; the overdue
   * final report itself shows in the balance (`finalReport.state`).
   */
  async indicators(grantId: string, at: AsOf = {}): Promise<IndicatorStatus[] | undefined> {
    if (!Ledger.timeTravels(at)) return this.readModels.indicators(grantId, BEFORE_ANY_DUE_DATE);
    const { state } = await this.replay(grantId, at);
    return state.status === 'none'
      ? undefined
      : indicatorsOf(grantId, state, at.asOf ?? BEFORE_ANY_DUE_DATE);
  }

  async history(grantId: string, at: AsOf = {}): Promise<AuditEntry[]> {
    if (!Ledger.timeTravels(at)) return this.readModels.history(grantId);
    const events = await this.store.readStream(streamIdOf(grantId));
    return events.filter((e) => isVisible(e, at)).map(auditEntryOf);
  }

  async payments(grantId?: string, at: AsOf = {}): Promise<JournalEntry[]> {
    if (grantId === undefined || !Ledger.timeTravels(at)) return this.readModels.payments(grantId);
    return journalOf(grantId, (await this.replay(grantId, at)).state);
  }

  /** Every grant's balance; those with recoveries replayed, as balance() does. */
  async grants(status?: GrantBalance['status']) {
    const listed = await this.readModels.grants(this.today(), status, () => this.referenceRates());
    const replayed: GrantBalance[] = [];
    for (const b of listed) {
      replayed.push(
        b.recoveries.length > 0 ? ((await this.replayedBalance(b.grantId, {})) ?? b) : b,
      );
    }
    return replayed;
  }

  portfolio(appropriation?: string) {
    return this.readModels.portfolio(this.today(), appropriation);
  }

  /** Every hash chain, and the ledger held against its newest recorded seal. */
  verify(trusted?: KeyObject): Promise<LedgerVerifyReport> {
    return verifyLedger(this.store, trusted);
  }

  /**
   * Seals the whole ledger now (signed when a key is given) and records the seal in
   * the stream `seals`.
   */
  async seal(actor: string, key?: KeyObject): Promise<Seal> {
    const seal = await makeSeal(this.store, this.clock(), key);
    await recordSeal(this.store, seal, actor);
    return seal;
  }

  /** The seals recorded in the ledger, oldest first. */
  seals(): Promise<Seal[]> {
    return recordedSeals(this.store);
  }

  /** Every event (of one grant, or all in global order), streamed. */
  async *events(grantId?: string): AsyncIterable<StoredEvent> {
    if (grantId !== undefined) {
      yield* await this.store.readStream(streamIdOf(grantId));
      return;
    }
    yield* this.store.readAll();
  }

  /** Brings the read models up to every stored event (e.g. appends made by other processes). */
  catchUp(): Promise<void> {
    return this.readModels.catchUp();
  }

  /** Drops and rebuilds every read model from the log (the CLI's `rebuild`), reporting progress. */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    return this.readModels.rebuild(onProgress);
  }

  async close(): Promise<void> {
    await this.readModels.close();
    await this.store.close();
  }
}
