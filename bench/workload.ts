// The workload: commands as JSON would bring them (GrantCommandInput) that walk a grant through its
// life on the real command path — parse, load, decide, append, inline read models.
// A standard grant takes 12 commands, one event each: applied, decided, advance ordered
// and attested, then two claims each reported, reviewed, paid and attested.
import type { GrantCommandInput } from '../domain/ledger-commands.js';
import type { Ledger } from '../infra/ledger.js';
import {
  apply,
  approve,
  attest,
  payAdvance,
  payClaim,
  reportCosts,
  reportIndicator,
  review,
} from '../commands/builders/grant-commands.js';
import { nowMs } from './stats.js';

export const COMMANDS_PER_GRANT = 12;

export const benchGrantId = (i: number): string => `BENCH/${i}/2024`;

/** Every write needs an actor; the four-eyes rule needs the attester to differ from the orderer. */
const meta = (grantId: string, step: string, actor: string) => ({
  meta: { actor, commandId: `${grantId}:${step}` },
});

/** The 12 commands of one standard grant, in order; every one is accepted. */
export function grantCommands(grantId: string): GrantCommandInput[] {
  const g = { grantId };
  return [
    apply({ ...g, ...meta(grantId, 'apply', 'registrar@bench') }),
    // No conditions, so claim payments need no FulfilCondition first.
    approve({ ...g, ...meta(grantId, 'decide', 'chair@bench') }, { conditions: [] }),
    payAdvance({ ...g, ...meta(grantId, 'advance', 'orderer@bench') }),
    attest('adv-1', { ...g, ...meta(grantId, 'attest-adv', 'attester@bench') }),
    // claim-1: 50,000 reported, 45,000 approved → entitlement 27,000; 20,000 advanced → 7,000
    // payable.
    reportCosts({ ...g, ...meta(grantId, 'claim-1', 'applicant@bench') }),
    review({ ...g, ...meta(grantId, 'review-1', 'reviewer@bench') }),
    payClaim({ ...g, ...meta(grantId, 'pay-1', 'orderer@bench') }),
    attest('pay-1', { ...g, ...meta(grantId, 'attest-1', 'attester@bench') }),
    // claim-2: 30,000 more approved → entitlement 45,000; 27,000 paid → 18,000 payable.
    reportCosts({
      ...g,
      ...meta(grantId, 'claim-2', 'applicant@bench'),
      claimId: 'claim-2',
      period: { from: '2023-07-01', to: '2023-12-31' },
      costs: [{ category: 'personal', amount: '30000' }],
      submittedOn: '2024-01-10',
    }),
    review({
      ...g,
      ...meta(grantId, 'review-2', 'reviewer@bench'),
      claimId: 'claim-2',
      reviewedOn: '2024-01-20',
      approvedAmount: '30000',
      disallowed: [],
    }),
    payClaim({
      ...g,
      ...meta(grantId, 'pay-2', 'orderer@bench'),
      paymentId: 'pay-2',
      claimId: 'claim-2',
      amount: '18000',
      orderedOn: '2024-01-25',
    }),
    attest('pay-2', {
      ...g,
      ...meta(grantId, 'attest-2', 'attester@bench'),
      attestedOn: '2024-01-26',
    }),
  ];
}

const day = (n: number): string => new Date(Date.UTC(2023, 0, 1 + n)).toISOString().slice(0, 10);

/**
 * A grant of exactly `events` events (≥ 2) for the time-travel figure: applied, decided
 * (no advance), then claims reported, reviewed, paid and attested, one business day per
 * step, topped up with indicator reports. Returns the commands and the last business date.
 */
export function longGrantCommands(
  grantId: string,
  events = 100,
): { commands: GrantCommandInput[]; lastDay: string } {
  if (events < 2) throw new Error('a long grant needs at least 2 events');
  const commands: GrantCommandInput[] = [
    apply({ grantId, ...meta(grantId, 'apply', 'registrar@bench'), submittedOn: '2022-11-01' }),
    approve(
      { grantId, ...meta(grantId, 'decide', 'chair@bench') },
      { conditions: [], advance: '0' },
    ),
  ];
  let d = 0;
  for (let k = 1; commands.length + 4 <= events; k++) {
    const claimId = `claim-${k}`;
    const paymentId = `pay-${k}`;
    // A one-day claim period, reported the day after it ends.
    const period = { from: day(d), to: day(d++) };
    commands.push(
      reportCosts({
        grantId,
        ...meta(grantId, claimId, 'applicant@bench'),
        claimId,
        period,
        costs: [{ category: 'personal', amount: '2000' }],
        submittedOn: day(d++),
      }),
      review({
        grantId,
        ...meta(grantId, `review-${k}`, 'reviewer@bench'),
        claimId,
        reviewedOn: day(d++),
        approvedAmount: '2000',
        disallowed: [],
      }),
      payClaim({
        grantId,
        ...meta(grantId, paymentId, 'orderer@bench'),
        paymentId,
        claimId,
        amount: '1200',
        orderedOn: day(d++),
      }),
      attest(paymentId, {
        grantId,
        ...meta(grantId, `attest-${k}`, 'attester@bench'),
        attestedOn: day(d++),
      }),
    );
  }
  while (commands.length < events) {
    commands.push(
      reportIndicator({
        grantId,
        ...meta(grantId, `indicator-${commands.length}`, 'officer@bench'),
        deliveredOn: day(d++),
      }),
    );
  }
  return { commands, lastDay: day(d - 1) };
}

/** Sends one command and insists it was accepted: a rejected command would measure nothing. */
export async function execute(ledger: Ledger, command: GrantCommandInput): Promise<void> {
  const result = await ledger.execute(command);
  if (!result.ok)
    throw new Error(
      `bench command ${command.type} on ${command.grantId} was refused: ${JSON.stringify(result.error)}`,
    );
}

export interface WorkloadResult {
  grants: number;
  commands: number;
  seconds: number;
  commandsPerSec: number;
}

/**
 * Drives `grants` standard grants through the ledger, one command at a time (a single
 * writer, as the CLI and each HTTP request are), grants interleaved round-robin in
 * batches so streams grow the way they would with many grants open at once.
 */
export async function runWorkload(
  ledger: Ledger,
  grants: number,
  firstGrant = 0,
): Promise<WorkloadResult> {
  const batch = 50;
  let commands = 0;
  const start = nowMs();
  for (let from = 0; from < grants; from += batch) {
    const ids = Array.from({ length: Math.min(batch, grants - from) }, (_, i) =>
      benchGrantId(firstGrant + from + i),
    );
    const perGrant = ids.map(grantCommands);
    for (let step = 0; step < COMMANDS_PER_GRANT; step++) {
      for (const list of perGrant) {
        await execute(ledger, list[step]!);
        commands += 1;
      }
    }
  }
  const seconds = (nowMs() - start) / 1000;
  return { grants, commands, seconds, commandsPerSec: commands / seconds };
}
