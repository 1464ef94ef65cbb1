// The reference-rates decider (stream `reference-rates`): SetReferenceRate → ReferenceRateSet;
// a second rate for the same validFrom corrects the first.
import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../commands/parse.js';
import { decideReferenceRate, foldReferenceRates } from '../../domain/reference-rates/decider.js';
import type { SetReferenceRateCommand } from '../../domain/reference-rates/commands.js';
import { referenceRateOn } from '../../domain/interest.js';
import { evolve, fold } from '../../domain/grant/evolve.js';
import type { GrantEvent } from '../../domain/grant/events.js';
import { initialState } from '../../domain/grant/state.js';

function parsed(raw: Record<string, unknown>): SetReferenceRateCommand {
  const result = parseCommand({
    type: 'SetReferenceRate',
    source: 'Riksbanken',
    meta: { actor: 'finance@test' },
    ...raw,
  });
  if (!result.ok || result.command.type !== 'SetReferenceRate')
    throw new Error(`not parsed: ${JSON.stringify(result)}`);
  return result.command;
}

describe('reference rates', () => {
  it('given a negative rate for 1 July, when set, then ReferenceRateSet with the rate in 2 decimals', () => {
    expect(decideReferenceRate(parsed({ validFrom: '2015-07-01', rate: '-0.5' }))).toEqual([
      {
        type: 'ReferenceRateSet',
        version: 1,
        data: { validFrom: '2015-07-01', rate: '-0.50', source: 'Riksbanken' },
      },
    ]);
    expect(decideReferenceRate(parsed({ validFrom: '2016-01-01', rate: '-0' }))[0]!.data.rate).toBe(
      '0.00',
    );
  });

  it('given rates set out of order and one corrected, then the fold is sorted and the correction wins', () => {
    const events = [
      ...decideReferenceRate(parsed({ validFrom: '2023-07-01', rate: '3.50' })),
      ...decideReferenceRate(parsed({ validFrom: '2023-01-01', rate: '2.00' })),
      ...decideReferenceRate(parsed({ validFrom: '2023-01-01', rate: '2.50' })),
    ];
    const rates = foldReferenceRates(events);
    expect(rates.map((r) => [r.validFrom, r.rate.toFixed(2)])).toEqual([
      ['2023-01-01', '2.50'],
      ['2023-07-01', '3.50'],
    ]);
    expect(referenceRateOn(rates, '2022-12-31')).toBeUndefined();
    expect(referenceRateOn(rates, '2023-06-30')!.toFixed(2)).toBe('2.50');
    expect(referenceRateOn(rates, '2030-01-01')!.toFixed(2)).toBe('3.50');
  });

  it('given a ReferenceRateSet, when a grant fold meets it, then the grant is unchanged', () => {
    // Given: a rate event, which a fold over the whole log hands to the grant's evolve as it is.
    const [rate] = decideReferenceRate(parsed({ validFrom: '2023-01-01', rate: '2.00' }));
    const rateEvent = rate as unknown as GrantEvent;
    // When / then: evolve and fold leave the grant as it was.
    expect(evolve(initialState(), rateEvent)).toEqual(initialState());
    expect(fold([rateEvent], initialState())).toEqual(initialState());
  });
});
