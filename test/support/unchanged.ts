// A grant seen from outside — its projections — as one text, to compare a grant before
// and after something that must not change what a reader sees.
import { balanceOf } from '../../projections/balance.js';
import { indicatorsOf } from '../../projections/indicators.js';
import { journalOf } from '../../projections/journal.js';
import type { GrantState } from '../../domain/grant/state.js';
import { GRANT } from '../../commands/builders/grant-commands.js';

export const TODAY = '2023-06-01';

/** Everything a reader can see of one grant, as JSON: balance, indicators, payments journal. */
export function snapshot(state: GrantState, today = TODAY): string {
  return JSON.stringify({
    balance: balanceOf(GRANT, state, today) ?? null,
    indicators: indicatorsOf(GRANT, state, today),
    journal: journalOf(GRANT, state),
  });
}
