// What a decision needs besides the command and the grant's state: who acts and when, and
// the reference rates recovery interest is computed with. Pure inputs, never read from a
// clock or a global inside the domain.
import type { ReferenceRate } from '../interest.js';

export interface DecisionContext {
  /** Who acts: the authenticated person, never a field the caller chooses over HTTP. */
  actor: string;
  /** When the ledger handles the command (ISO timestamp from the injected clock). */
  now: string;
  /**
   * The reference rates (stream `reference-rates`), sorted by validFrom: loaded by the
   * command handler for a grant with recoveries and for ClaimRecovery. Absent: none are set.
   */
  referenceRates?: readonly ReferenceRate[];
}
