// A real ledger on a SQLite file of its own, with a fixed clock, and grants that have come
// as far as the bank: applied (with a payout account or none), approved, advance ordered by
// one person and attested by another.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLedger } from '../../infra/open-ledger.js';
import type { Ledger } from '../../infra/ledger.js';

export const FINANCE = 'ekonom@region.se';
export const ATTESTER = 'attest@region.se';
export const OFFICER = 'handlaggare@region.se';
export const NOW = new Date('2023-05-10T08:30:00.000Z');
export const DEBTOR = { name: 'Region Jämtland Härjedalen', bankgiro: '5050-1055' };

export interface TestLedger {
  ledger: Ledger;
  dir: string;
  /** Runs a command; a rejection is a broken test. */
  run(command: Record<string, unknown>, actor?: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function testLedger(now: Date = NOW): Promise<TestLedger> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-ledger-bank-'));
  const ledger = await openLedger({
    storeUrl: `sqlite:${path.join(dir, 'ledger.db')}`,
    clock: () => now,
  });
  return {
    ledger,
    dir,
    async run(command, actor = OFFICER) {
      const result = await ledger.execute(command, { actor });
      if (!result.ok)
        throw new Error(
          `${String(command.type)} was rejected: ${result.error.code} ${result.error.message}`,
        );
    },
    async dispose() {
      await ledger.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GrantOptions {
  payee?: string;
  title?: string;
  account?: Record<string, string>;
  advance?: string;
  attest?: boolean;
}

/** A grant with an attested advance `adv-1` (cap 400 000, rate 0.50, advance up to 200 000). */
export async function grantWithAdvance(
  t: TestLedger,
  grantId: string,
  o: GrantOptions = {},
): Promise<void> {
  await t.run({
    type: 'ApplyForCoFinancing',
    grantId,
    applicant: {
      name: o.payee ?? `Föreningen ${grantId}`,
      ...(o.account ? { payoutAccount: o.account } : {}),
    },
    title: o.title ?? `Projekt ${grantId}`,
    requestedAmount: '400000',
    requestedAdvance: '200000',
    projectPeriod: { start: '2023-01-01', end: '2023-12-31' },
    submittedOn: '2022-11-01',
  });
  await t.run({
    type: 'GrantDecision',
    grantId,
    decidedOn: '2022-12-15',
    decidedBy: 'Regionala utvecklingsnämnden',
    outcome: 'approved',
    terms: {
      rate: '0.50',
      cap: '400000',
      advance: '200000',
      appropriation: '1:1 Regionala tillväxtåtgärder',
      legalBasis: 'Förordning (2003:596)',
      conditions: [],
      indicators: [],
      finalReportDue: '2024-01-31',
    },
  });
  await t.run(
    {
      type: 'PayAdvance',
      grantId,
      paymentId: 'adv-1',
      amount: o.advance ?? '50000',
      orderedOn: '2023-01-10',
    },
    FINANCE,
  );
  if (o.attest !== false)
    await t.run(
      { type: 'AttestPayment', grantId, paymentId: 'adv-1', attestedOn: '2023-01-11' },
      ATTESTER,
    );
}

/**
 * A grant with 50 000 advanced, 20 000 of costs approved (entitlement 10 000), 40 000
 * recovered as rec-1.
 */
export async function grantWithRecovery(t: TestLedger, grantId: string): Promise<void> {
  await grantWithAdvance(t, grantId, { account: { bankgiro: '5050-1055' } });
  await t.run(
    {
      type: 'ReportCosts',
      grantId,
      claimId: 'claim-1',
      period: { from: '2023-01-01', to: '2023-02-28' },
      costs: [{ category: 'Personal', amount: '20000' }],
      submittedOn: '2023-03-01',
      // the final claim: once reviewed the settlement is final and the advance beyond the
      // entitlement is overpaid (domain.md "Advance offsetting")
      final: true,
    },
    FINANCE,
  );
  await t.run(
    {
      type: 'ReviewCosts',
      grantId,
      claimId: 'claim-1',
      reviewedOn: '2023-03-10',
      approvedAmount: '20000',
    },
    FINANCE,
  );
  await t.run(
    {
      type: 'ClaimRecovery',
      grantId,
      recoveryId: 'rec-1',
      amount: '40000',
      decidedOn: '2023-03-15',
      reason: 'Förskottet översteg de godkända kostnaderna',
    },
    OFFICER,
  );
}
