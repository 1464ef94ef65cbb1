// projections/timeline.ts: each point is exactly the balance asOf its date, also when an
// event is back-dated (recorded after events with later business dates).
import { describe, expect, it } from '@jest/globals';
import { FOUNDING_CASE_COMMANDS, FOUNDING_GRANT_ID } from '../../infra/demo/founding-case.js';
import { openLedger } from '../../infra/open-ledger.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import { balanceOf } from '../../projections/balance.js';
import { foldGrant } from '../../projections/grant-fold.js';
import { timelineOf } from '../../projections/timeline.js';

async function streamAfter(extra: Record<string, unknown>[]): Promise<StoredEvent[]> {
  const ledger = await openLedger({ storeUrl: 'memory:' });
  for (const command of [...FOUNDING_CASE_COMMANDS, ...extra]) {
    const result = await ledger.execute(command, { defaultActor: 'someone' });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  }
  const events: StoredEvent[] = [];
  for await (const e of ledger.events(FOUNDING_GRANT_ID)) events.push(e);
  await ledger.close();
  return events;
}

const g = FOUNDING_GRANT_ID;
const claim = [
  {
    type: 'ReportCosts',
    grantId: g,
    claimId: 'c1',
    period: { from: '2023-05-01', to: '2023-05-31' },
    costs: [{ category: 'staff', amount: '100000' }],
    submittedOn: '2023-06-01',
  },
  {
    type: 'ReviewCosts',
    grantId: g,
    claimId: 'c1',
    reviewedOn: '2023-06-05',
    approvedAmount: '100000',
  },
];

describe('timelineOf', () => {
  it('given the founding case and a reviewed claim, then every point equals the balance asOf its date', async () => {
    // given
    const events = await streamAfter(claim);
    // when
    const timeline = timelineOf(g, events);
    // then
    expect(timeline.points.map((p) => p.date)).toEqual([
      '2023-03-15',
      '2023-04-20',
      '2023-05-02',
      '2023-05-03',
      '2023-06-01',
      '2023-06-05',
    ]);
    expect(timeline.points.at(-1)).toMatchObject({
      cap: '763643.00',
      entitlement: '60000.00',
      netPaid: '142779.00',
    });
    for (const p of timeline.points) {
      const b = balanceOf(g, foldGrant(events, { asOf: p.date }), p.date)!;
      expect([p.date, p.cap, p.entitlement, p.netPaid, p.pendingPayments]).toEqual([
        p.date,
        b.cap,
        b.entitlement,
        b.netPaid,
        b.pendingPayments,
      ]);
    }
  });

  it('given a back-dated event, then the points still equal the balance asOf each date', async () => {
    // given a condition fulfilled on 2023-04-25, recorded after the claim of June
    const events = await streamAfter([
      ...claim,
      {
        type: 'FulfilCondition',
        grantId: g,
        conditionId: 'other-financing',
        fulfilledOn: '2023-04-25',
        evidence: 'beslut',
      },
    ]);
    // when
    const timeline = timelineOf(g, events);
    // then
    expect(timeline.points.map((p) => p.date)).toContain('2023-04-25');
    for (const p of timeline.points) {
      const b = balanceOf(g, foldGrant(events, { asOf: p.date }), p.date)!;
      expect([p.date, p.entitlement, p.netPaid, p.pendingPayments]).toEqual([
        p.date,
        b.entitlement,
        b.netPaid,
        b.pendingPayments,
      ]);
    }
  });

  it('stops at asOf and at asOfRecorded', async () => {
    const events = await streamAfter(claim);
    expect(timelineOf(g, events, { asOf: '2023-05-02' }).points.map((p) => p.date)).toEqual([
      '2023-03-15',
      '2023-04-20',
      '2023-05-02',
    ]);
    const recorded = events[1]!.metadata.recordedAt;
    expect(timelineOf(g, events, { asOfRecorded: recorded }).points.length).toBeLessThanOrEqual(
      events.length,
    );
    expect(timelineOf(g, [], {}).points).toEqual([]);
  });
});
