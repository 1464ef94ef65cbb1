// The reference-rates decider: decide(command, state) → events, evolve(state, event).
// Pure, like the grant's. State: the rate in force from each validFrom, as last set.
import { formatMoney, money, type Decimal } from '../money.js';
import type { ReferenceRate } from '../interest.js';
import type { SetReferenceRateCommand } from './commands.js';
import type { ReferenceRateSetEvent } from './events.js';

export interface ReferenceRateEntry extends ReferenceRate {
  source: string;
}

/** Sorted by validFrom; one entry per validFrom (the latest correction). */
export type ReferenceRates = readonly ReferenceRateEntry[];

export const NO_RATES: ReferenceRates = [];

/** "-0.5" → "-0.50"; a zero is never "-0.00". */
export function formatReferenceRate(rate: Decimal): string {
  return rate.isZero() ? '0.00' : formatMoney(rate);
}

export function decideReferenceRate(command: SetReferenceRateCommand): ReferenceRateSetEvent[] {
  return [
    {
      type: 'ReferenceRateSet',
      version: 1,
      data: {
        validFrom: command.validFrom,
        rate: formatReferenceRate(command.rate),
        source: command.source,
      },
    },
  ];
}

export function evolveReferenceRates(
  rates: ReferenceRates,
  event: ReferenceRateSetEvent,
): ReferenceRates {
  const entry: ReferenceRateEntry = {
    validFrom: event.data.validFrom,
    rate: money(event.data.rate),
    source: event.data.source,
  };
  return [...rates.filter((r) => r.validFrom !== entry.validFrom), entry].sort((a, b) =>
    a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0,
  );
}

export function foldReferenceRates(
  events: Iterable<{ type: string; data: unknown }>,
): ReferenceRates {
  let rates = NO_RATES;
  for (const e of events)
    if (e.type === 'ReferenceRateSet')
      rates = evolveReferenceRates(rates, e as ReferenceRateSetEvent);
  return rates;
}
