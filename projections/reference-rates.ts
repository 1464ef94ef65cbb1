// The reference rates as the ledger holds them (GET /reference-rates, `reference-rates`):
// per half-year the rate in force, who set it and when, and the rates it corrected.
// Folded on demand from the small ledger-wide stream `reference-rates` (two events a year).
import { foldReferenceRates, type ReferenceRates } from '../domain/reference-rates/decider.js';
import { isReferenceRateSet } from '../domain/reference-rates/events.js';
import type { AsOf } from './grant-fold.js';
import type { RecordedEvent } from './recorded-event.js';

export interface ReferenceRateLine {
  validFrom: string;
  /** Percent per year, 2 decimals, signed. */
  rate: string;
  source: string;
  setBy: string;
  recordedAt: string;
  /** Earlier rates for the same validFrom that this one corrects, oldest first. */
  corrected: { rate: string; source: string; setBy: string; recordedAt: string }[];
}

/**
 * The stream's events visible `at`: recorded by then (asOfRecorded), in force by then (asOf:
 * validFrom).
 */
export function visibleRateEvents(events: readonly RecordedEvent[], at: AsOf): RecordedEvent[] {
  return events.filter((e) => {
    if (!isReferenceRateSet(e)) return false;
    if (
      at.asOfRecorded !== undefined &&
      Date.parse(e.metadata.recordedAt) > Date.parse(at.asOfRecorded)
    )
      return false;
    if (at.asOf !== undefined && e.data.validFrom > at.asOf) return false;
    return true;
  });
}

export function referenceRatesAt(events: readonly RecordedEvent[], at: AsOf = {}): ReferenceRates {
  return foldReferenceRates(visibleRateEvents(events, at));
}

export function referenceRateLines(
  events: readonly RecordedEvent[],
  at: AsOf = {},
): ReferenceRateLine[] {
  const byDate = new Map<string, ReferenceRateLine>();
  for (const e of visibleRateEvents(events, at)) {
    if (!isReferenceRateSet(e)) continue;
    const { validFrom, rate, source } = e.data;
    const earlier = byDate.get(validFrom);
    const corrected = earlier
      ? [
          ...earlier.corrected,
          {
            rate: earlier.rate,
            source: earlier.source,
            setBy: earlier.setBy,
            recordedAt: earlier.recordedAt,
          },
        ]
      : [];
    byDate.set(validFrom, {
      validFrom,
      rate,
      source,
      setBy: e.metadata.actor,
      recordedAt: e.metadata.recordedAt,
      corrected,
    });
  }
  return [...byDate.values()].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
}
