// The demo loaders, in process on the memory store: the founding case and synthetic grants
// go through the real command path, deterministically and idempotently.
import { describe, expect, test } from '@jest/globals';
import { steppingClock } from '../../commands/clock.js';
import { loadFoundingCase, loadSynthetic } from '../../infra/demo/load-demo.js';
import { syntheticGrantId } from '../../infra/demo/synthetic-grant.js';
import type { Ledger } from '../../infra/ledger.js';
import { openLedger } from '../../infra/open-ledger.js';

const memoryLedger = () =>
  openLedger({ storeUrl: 'memory:', clock: steppingClock('2026-11-15T09:00:00Z') });

async function allEvents(ledger: Ledger) {
  const events: { streamId: string; type: string; data: unknown; actor: string }[] = [];
  for await (const e of ledger.events())
    events.push({ streamId: e.streamId, type: e.type, data: e.data, actor: e.metadata.actor });
  return events;
}

describe('loadFoundingCase', () => {
  test('given an empty ledger, when the founding case is loaded twice, then 4 events are appended the first time and none the second', async () => {
    const ledger = await memoryLedger();
    try {
      expect(await loadFoundingCase(ledger)).toEqual({ appended: 4 });
      expect(await loadFoundingCase(ledger)).toEqual({ appended: 0 });
      expect(await ledger.balance('RUN/573/2022')).toMatchObject({
        netPaid: '142779.00',
        undisbursed: '620864.00',
      });
    } finally {
      await ledger.close();
    }
  });
});

describe('loadSynthetic', () => {
  test('given a seed, when 40 grants are generated, then they are varied, plausible, obey two-person attest and report progress', async () => {
    const ledger = await memoryLedger();
    try {
      const progress: [number, number][] = [];
      const result = await loadSynthetic(
        ledger,
        40,
        (done, total) => progress.push([done, total]),
        7,
      );

      expect(result.grants).toBe(40);
      expect(result.events).toBeGreaterThan(40);
      expect(progress.at(-1)).toEqual([40, 40]);
      const grants = await ledger.grants();
      expect(grants.map((g) => g.grantId)).toEqual(
        Array.from({ length: 40 }, (_, i) => syntheticGrantId(i + 1)),
      );
      expect(syntheticGrantId(1)).toBe('SYN/0001/2024');
      const statuses = new Set(grants.map((g) => g.status));
      for (const status of ['applied', 'approved', 'rejected', 'closed'] as const)
        expect(statuses).toContain(status);
      const reportStates = new Set(
        grants.filter((g) => g.status === 'approved').map((g) => g.finalReport.state),
      );
      expect(reportStates).toContain('overdue');
      expect(grants.some((g) => Number(g.claimsPaid) > 0)).toBe(true);
      const appropriations = new Set(grants.map((g) => g.appropriation).filter((a) => a !== null));
      expect([...appropriations].some((a) => a!.startsWith('1:1 '))).toBe(true);
      expect([...appropriations].some((a) => a!.startsWith('1:2 ') || a!.startsWith('1:3 '))).toBe(
        true,
      );

      const payments = await ledger.payments();
      expect(payments.length).toBeGreaterThan(5);
      for (const p of payments.filter((p) => p.status === 'attested'))
        expect(p.attestedBy).not.toBe(p.orderedBy);
      expect((await ledger.verify()).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  test('given the same seed, when two ledgers are loaded, then they hold the same events; and a second run appends nothing', async () => {
    const a = await memoryLedger();
    const b = await memoryLedger();
    try {
      await loadSynthetic(a, 12, undefined, 99);
      await loadSynthetic(b, 12, undefined, 99);
      expect(await allEvents(a)).toEqual(await allEvents(b));

      expect(await loadSynthetic(a, 12, undefined, 99)).toEqual({ grants: 12, events: 0 });
      // A larger N only adds the new grants: grant i is the same whatever N is.
      const more = await loadSynthetic(a, 14, undefined, 99);
      expect(more.grants).toBe(14);
      expect((await a.grants()).length).toBe(14);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
