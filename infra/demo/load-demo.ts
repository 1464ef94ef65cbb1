// Loading demo data through the real command path (ledger.execute): every rule of
// domain.md applies, including the two-person attest. Both loaders are idempotent: each
// command carries a fixed commandId, so running them again appends nothing.
import type { CommandInput } from '../../domain/ledger-commands.js';
import type { Ledger } from '../ledger.js';
import { FOUNDING_ACTORS, FOUNDING_CASE_COMMANDS } from './founding-case.js';
import { demoReferenceRateCommands } from './reference-rates.js';
import { planGrant } from './synthetic-grant.js';

/** Events appended; 'taken' when the commandId holds another command (another seed's grant). */
async function run(ledger: Ledger, command: CommandInput, what: string): Promise<number | 'taken'> {
  const result = await ledger.execute(command);
  if (!result.ok && result.error.code === 'IDEMPOTENCY_CONFLICT') return 'taken';
  if (!result.ok)
    throw new Error(
      `${what} was rejected: ${result.error.code} ${result.error.message}${result.error.path ? ` (at ${result.error.path})` : ''}`,
    );
  return result.duplicate ? 0 : result.events.length;
}

/**
 * The reference rates domain.md lists for the demo (recovery interest needs them). A second run
 * appends nothing.
 */
export async function loadReferenceRates(ledger: Ledger): Promise<{ appended: number }> {
  let appended = 0;
  for (const command of demoReferenceRateCommands()) {
    const what = `reference rate ${String(command.validFrom)}`;
    const added = await run(
      ledger,
      { ...command, meta: { ...command.meta, actor: FOUNDING_ACTORS.orderer } },
      what,
    );
    if (added === 'taken')
      throw new Error(`${what}: its commandId is already used for another command`);
    appended += added;
  }
  return { appended };
}

/** The founding case RUN/573/2022 (domain.md). A second run appends nothing. */
export async function loadFoundingCase(ledger: Ledger): Promise<{ appended: number }> {
  let appended = 0;
  for (const command of FOUNDING_CASE_COMMANDS) {
    const what = `founding case ${String(command.type)}`;
    const added = await run(ledger, command, what);
    if (added === 'taken')
      throw new Error(`${what}: its commandId is already used for another command`);
    appended += added;
  }
  return { appended };
}

/**
 * N generated grants (SYN/0001/2024 …) through the real command path: applications,
 * rejections, withdrawals, approvals with advances, reviewed and paid claims, final
 * reports, recoveries and closed grants; many approved ones are overdue by now.
 * Deterministic for a seed; idempotent (fixed commandIds per grant and step).
 */
export async function loadSynthetic(
  ledger: Ledger,
  n: number,
  onProgress?: (done: number, total: number) => void,
  seed = 2024,
): Promise<{ grants: number; events: number }> {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`the number of synthetic grants must be a whole number ≥ 0, not ${n}`);
  let events = 0;
  for (let index = 1; index <= n; index++) {
    for (const command of planGrant(index, seed)) {
      const added = await run(ledger, command, `synthetic command ${command.meta?.commandId}`);
      // The grant was generated before with another seed: it stays as it is.
      if (added === 'taken') break;
      events += added;
    }
    onProgress?.(index, n);
  }
  return { grants: n, events };
}
