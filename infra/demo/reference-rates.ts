// Riksbanken's reference rates (referensränta) 2022–2024, as domain.md lists them for the
// demo: the base of recovery interest by räntelagen.
import { Decimal } from '../../domain/money.js';
import type { ReferenceRate } from '../../domain/interest.js';
import type { CommandInput } from '../../domain/ledger-commands.js';

const RATES: readonly [validFrom: string, percent: string][] = [
  ['2022-01-01', '0.00'],
  ['2022-07-01', '0.50'],
  ['2023-01-01', '2.50'],
  ['2023-07-01', '3.50'],
  ['2024-01-01', '4.00'],
  ['2024-07-01', '4.00'],
];

export const REFERENCE_RATE_SOURCE = 'Riksbanken';

/** The SetReferenceRate commands the demo gives (idempotent by their commandIds). */
export const demoReferenceRateCommands = (): CommandInput<'SetReferenceRate'>[] =>
  RATES.map(([validFrom, rate]) => ({
    type: 'SetReferenceRate',
    validFrom,
    rate,
    source: REFERENCE_RATE_SOURCE,
    meta: { commandId: `demo:reference-rate:${validFrom}` },
  }));

export const DEMO_REFERENCE_RATES: readonly ReferenceRate[] = RATES.map(([validFrom, rate]) => ({
  validFrom,
  rate: new Decimal(rate),
}));
