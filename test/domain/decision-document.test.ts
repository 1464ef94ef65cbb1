// The decision's own words (domain.md: description, motivation, basis, reportTo): optional,
// stored as given on CoFinancingApplied and GrantApproved/GrantRejected, and bounded.
import { describe, expect, it } from '@jest/globals';
import { steppingClock } from '../../commands/clock.js';
import { openLedger } from '../../infra/open-ledger.js';

const application = {
  type: 'ApplyForCoFinancing',
  grantId: 'RUN/5/2024',
  applicant: { name: 'Föreningen Åre' },
  title: 'Förstudie',
  description: 'Första stycket.\nAndra stycket, med å, ä och ö.',
  requestedAmount: '1000',
  projectPeriod: { start: '2024-01-01', end: '2024-12-31' },
  submittedOn: '2024-01-01',
  meta: { actor: 'registrator@region.se' },
};

const rejection = {
  type: 'GrantDecision',
  grantId: 'RUN/5/2024',
  decidedOn: '2024-02-01',
  decidedBy: 'Jonas Andersson',
  outcome: 'rejected',
  reason: 'Projektet ligger utanför programmet.',
  motivation: 'Ansökan avser drift.\nDrift medfinansieras inte.',
  basis: ['Ansökan om stöd', 'Budget'],
  reportTo: 'Regionala utvecklingsnämnden',
  meta: { actor: 'jonas.andersson@region.se' },
};

async function ledgerWith(...commands: unknown[]) {
  const ledger = await openLedger({
    storeUrl: 'memory:',
    clock: steppingClock('2024-03-01T00:00:00Z'),
  });
  const results = [];
  for (const c of commands) results.push(await ledger.execute(c));
  const events = [];
  for await (const e of ledger.events('RUN/5/2024')) events.push({ type: e.type, data: e.data });
  await ledger.close();
  return { results, events };
}

describe('description, motivation, basis and report-to', () => {
  it('given an application and a decision with their words, when they are recorded, then the events carry them as given', async () => {
    const { events } = await ledgerWith(application, rejection);
    expect(events[0]!.data).toMatchObject({ description: application.description });
    expect(events[1]).toEqual({
      type: 'GrantRejected',
      data: {
        decidedOn: '2024-02-01',
        decidedBy: 'Jonas Andersson',
        reason: rejection.reason,
        motivation: rejection.motivation,
        basis: ['Ansökan om stöd', 'Budget'],
        reportTo: 'Regionala utvecklingsnämnden',
      },
    });
  });

  it('given no such words, when recorded, then the events have no such fields (absent stays absent)', async () => {
    const { description: _d, ...plain } = application;
    const { motivation: _m, basis: _b, reportTo: _r, ...bare } = rejection;
    const { events } = await ledgerWith(plain, bare);
    expect(Object.keys(events[0]!.data as object)).not.toContain('description');
    expect(Object.keys(events[1]!.data as object).sort()).toEqual([
      'decidedBy',
      'decidedOn',
      'reason',
    ]);
  });

  it.each([
    [
      'a description of 20 001 characters',
      { ...application, description: 'x'.repeat(20001) },
      'description',
    ],
    [
      'a control character in the report-to',
      { ...rejection, reportTo: 'Nämnden\u0007' },
      'reportTo',
    ],
    ['an empty document in the basis', { ...rejection, basis: ['Budget', ' '] }, 'basis.1'],
  ])(
    'given %s, then INVALID_INPUT names the field and nothing is recorded',
    async (_what, bad, path) => {
      const commands = bad.type === 'GrantDecision' ? [application, bad] : [bad];
      const { results, events } = await ledgerWith(...commands);
      const last = results.at(-1)!;
      expect(last.ok ? 'accepted' : [last.error.code, last.error.path]).toEqual([
        'INVALID_INPUT',
        path,
      ]);
      expect(events.length).toBe(commands.length - 1);
    },
  );
});
