// The projections of domain.md: indicator status, final report state, the portfolio per
// appropriation, and time travel (foldGrant asOf a business date) on the founding case.
import { describe, expect, it } from '@jest/globals';
import {
  FOUNDING_CASE_COMMANDS,
  FOUNDING_GRANT_ID,
  FOUNDING_ACTORS,
} from '../../infra/demo/founding-case.js';
import { balanceOf, finalReportStateOf, type GrantBalance } from '../../projections/balance.js';
import { foldGrant, referenceDate } from '../../projections/grant-fold.js';
import { indicatorsOf } from '../../projections/indicators.js';
import { journalOf } from '../../projections/journal.js';
import { portfolioOf } from '../../projections/portfolio.js';
import type { GrantState } from '../../domain/grant/state.js';
import {
  amend,
  apply,
  approve,
  attest,
  closeGrant,
  fulfil,
  GRANT,
  payAdvance,
  payClaim,
  rejectApplication,
  reportCosts,
  reportIndicator,
  review,
  submitFinalReport,
  withdraw,
} from '../../commands/builders/grant-commands.js';
import { given, type RawCommand } from '../support/decider-spec.js';
import { recorded } from '../support/recorded.js';

const indicatorState = (state: GrantState, today: string) =>
  indicatorsOf(GRANT, state, today)[0]!.state;
const sub = (n: number) =>
  reportIndicator({
    kind: 'sub-report',
    title: `Delrapport ${n}`,
    deliveredOn: `2023-0${n + 2}-01`,
  });
const report = reportIndicator({ kind: 'report', title: 'Rapport', deliveredOn: '2023-11-30' });

describe('indicator status (targets: report 1, sub-report 2; final report due 2024-01-31)', () => {
  it('given nothing delivered, when asked before the due date, then not-started with achieved 0 per kind', () => {
    // given
    const { state } = given(apply(), approve());
    // when
    const [status] = indicatorsOf(GRANT, state, '2023-06-01');
    // then
    expect(status).toEqual({
      grantId: GRANT,
      indicatorId: 'reports',
      name: 'Rapporter',
      targets: { report: 1, 'sub-report': 2 },
      achieved: { report: 0, 'sub-report': 0 },
      state: 'not-started',
      deliveries: [],
    });
  });

  it('given one sub-report delivered, then in-progress', () => {
    const { state } = given(apply(), approve(), sub(1));
    const [status] = indicatorsOf(GRANT, state, '2023-06-01');
    expect(status).toMatchObject({
      achieved: { report: 0, 'sub-report': 1 },
      state: 'in-progress',
      deliveries: [{ kind: 'sub-report', title: 'Delrapport 1', deliveredOn: '2023-03-01' }],
    });
  });

  it('given the report and one of two sub-reports, then still in-progress (every kind must reach its target)', () => {
    const { state } = given(apply(), approve(), sub(1), report);
    expect(indicatorState(state, '2023-12-01')).toBe('in-progress');
  });

  it('given the report and two sub-reports, then achieved', () => {
    const { state } = given(apply(), approve(), sub(1), sub(2), report);
    const [status] = indicatorsOf(GRANT, state, '2023-12-01');
    expect(status).toMatchObject({ achieved: { report: 1, 'sub-report': 2 }, state: 'achieved' });
  });

  it('given more deliveries than targeted, then achieved, counting every delivery', () => {
    const { state } = given(apply(), approve(), sub(1), sub(2), sub(3), report);
    expect(indicatorsOf(GRANT, state, '2023-12-01')[0]).toMatchObject({
      achieved: { report: 1, 'sub-report': 3 },
      state: 'achieved',
    });
  });

  it('given targets achieved, when asked after the due date with a final report in, then still achieved (never missed)', () => {
    const { state } = given(apply(), approve(), sub(1), sub(2), report, submitFinalReport());
    expect(indicatorState(state, '2024-06-01')).toBe('achieved');
  });

  it('given a target kind of 0, then that kind is achieved from the start', () => {
    const { state } = given(
      apply(),
      approve({}, { indicators: [{ id: 'reports', name: 'R', targets: { report: 0 } }] }),
    );
    expect(indicatorState(state, '2023-06-01')).toBe('achieved');
  });

  it('given one sub-report and the final report submitted before the due date, then missed', () => {
    // given
    const { state } = given(
      apply(),
      approve(),
      sub(1),
      submitFinalReport({ submittedOn: '2023-12-20' }),
    );
    // when / then
    expect(indicatorState(state, '2023-12-21')).toBe('missed');
  });

  it('given nothing delivered and the final report submitted, then missed', () => {
    const { state } = given(apply(), approve(), submitFinalReport({ submittedOn: '2023-12-20' }));
    expect(indicatorState(state, '2023-12-21')).toBe('missed');
  });

  it.each<[string, string]>([
    ['on the due date', 'in-progress'],
    ['the day after the due date', 'missed'],
  ])('given one sub-report and no final report, when asked %s, then %s', (when, expected) => {
    const { state } = given(apply(), approve(), sub(1));
    const today = when === 'on the due date' ? '2024-01-31' : '2024-02-01';
    expect(indicatorState(state, today)).toBe(expected);
  });

  it('given nothing delivered, when the due date has passed, then missed', () => {
    const { state } = given(apply(), approve());
    expect(indicatorState(state, '2024-02-01')).toBe('missed');
  });

  it('given the due date amended later, when asked between the two dates, then not missed', () => {
    const { state } = given(apply(), approve(), amend({ finalReportDue: '2024-06-30' }));
    expect(indicatorState(state, '2024-02-01')).toBe('not-started');
  });

  it('given two indicators, then each has its own state', () => {
    // given
    const { state } = given(
      apply(),
      approve(
        {},
        {
          indicators: [
            { id: 'reports', name: 'Rapporter', targets: { report: 1 } },
            { id: 'events', name: 'Seminarier', targets: { seminar: 2 } },
          ],
        },
      ),
      reportIndicator({ indicatorId: 'reports', kind: 'report' }),
      reportIndicator({ indicatorId: 'events', kind: 'seminar' }),
    );
    // then
    expect(indicatorsOf(GRANT, state, '2023-06-01').map((i) => [i.indicatorId, i.state])).toEqual([
      ['reports', 'achieved'],
      ['events', 'in-progress'],
    ]);
  });

  it('given an undecided application, then there are no indicators', () => {
    expect(indicatorsOf(GRANT, given(apply()).state, '2023-06-01')).toEqual([]);
  });
});

describe('final report state (due 2024-01-31)', () => {
  it.each<[string, RawCommand[], string, { submittedOn: string | null; state: string }]>([
    [
      'not submitted, asked before the due date',
      [],
      '2023-06-01',
      { submittedOn: null, state: 'pending' },
    ],
    [
      'not submitted, asked on the due date',
      [],
      '2024-01-31',
      { submittedOn: null, state: 'pending' },
    ],
    [
      'not submitted, asked after the due date',
      [],
      '2024-02-01',
      { submittedOn: null, state: 'overdue' },
    ],
    [
      'submitted before the due date',
      [submitFinalReport({ submittedOn: '2024-01-15' })],
      '2024-06-01',
      { submittedOn: '2024-01-15', state: 'on-time' },
    ],
    [
      'submitted on the due date',
      [submitFinalReport({ submittedOn: '2024-01-31' })],
      '2024-06-01',
      { submittedOn: '2024-01-31', state: 'on-time' },
    ],
    [
      'submitted after the due date',
      [submitFinalReport({ submittedOn: '2024-02-01' })],
      '2024-06-01',
      { submittedOn: '2024-02-01', state: 'late' },
    ],
  ])('given the final report %s, then its state', (_, commands, today, expected) => {
    // given
    const { state } = given(apply(), approve(), ...commands);
    // when
    const balance = balanceOf(GRANT, state, today)!;
    // then
    expect(balance.finalReport).toEqual({ due: '2024-01-31', ...expected });
  });

  it('given an undecided application, then there is no due date and the report is pending', () => {
    expect(balanceOf(GRANT, given(apply()).state, '2030-01-01')!.finalReport).toEqual({
      due: null,
      submittedOn: null,
      state: 'pending',
    });
  });

  it.each<[string | undefined, string | undefined, string, string]>([
    ['2024-01-31', undefined, '2024-01-30', 'pending'],
    ['2024-01-31', undefined, '2024-02-01', 'overdue'],
    ['2024-01-31', '2024-01-31', '2030-01-01', 'on-time'],
    ['2024-01-31', '2024-02-01', '2024-02-01', 'late'],
    [undefined, undefined, '2030-01-01', 'pending'],
  ])(
    'finalReportStateOf(due %s, submitted %s, today %s) is %s',
    (due, submitted, today, expected) => {
      expect(finalReportStateOf(due, submitted, today)).toBe(expected);
    },
  );
});

describe('portfolio per appropriation', () => {
  const MAIN = '1:1 Regionala tillväxtåtgärder';
  const OTHER = '1:2 Kapacitetshöjande åtgärder';
  const grant = (grantId: string, ...commands: RawCommand[]): GrantBalance =>
    balanceOf(grantId, given(...commands.map((c) => ({ ...c, grantId }))).state, '2023-06-01')!;

  /** Settled and closed: advance 20 000 + claim 7 000 = entitlement 27 000. */
  const closedGrant = () =>
    grant(
      'C/3',
      apply(),
      approve(),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts({ final: true }),
      review(),
      payClaim(),
      attest('pay-1'),
      submitFinalReport(),
      closeGrant(),
    );

  it('given approved, closed, withdrawn, rejected and undecided grants, then committed counts caps of approved and only netPaid of closed', () => {
    // given
    const balances = [
      // approved, cap 100 000, netPaid 20 000
      grant('A/1', apply(), approve(), payAdvance(), attest('adv-1')),
      // approved, cap 50 000, nothing paid
      grant('B/2', apply(), approve({}, { cap: '50000', advance: '0' })),
      closedGrant(), // closed, netPaid 27 000
      grant('D/4', apply(), approve(), withdraw()), // withdrawn after approval: commits nothing
      grant('E/5', apply(), rejectApplication()), // rejected: no appropriation
      grant('F/6', apply()), // undecided: no appropriation
      grant(
        'G/7',
        apply(),
        approve({}, { cap: '30000', advance: '10000', appropriation: OTHER }),
        payAdvance({ amount: '10000' }),
      ), // pending only
    ];
    expect(balances.map((b) => b.status)).toEqual([
      'approved',
      'approved',
      'closed',
      'withdrawn',
      'rejected',
      'applied',
      'approved',
    ]);
    // when
    const portfolio = portfolioOf(balances);
    // then
    expect(portfolio).toEqual([
      {
        appropriation: MAIN,
        committed: '177000.00', // 100 000 + 50 000 + 27 000
        paid: '47000.00', // 20 000 + 27 000
        remainingCommitment: '130000.00',
        grants: { approved: 2, closed: 1, withdrawn: 1, total: 4 },
      },
      {
        appropriation: OTHER,
        committed: '30000.00',
        paid: '0.00', // an ordered, unattested advance is not paid
        remainingCommitment: '30000.00',
        grants: { approved: 1, closed: 0, withdrawn: 0, total: 1 },
      },
    ]);
  });

  it('given a closed grant alone, then committed equals paid and nothing remains', () => {
    expect(portfolioOf([closedGrant()])).toEqual([
      {
        appropriation: MAIN,
        committed: '27000.00',
        paid: '27000.00',
        remainingCommitment: '0.00',
        grants: { approved: 0, closed: 1, withdrawn: 0, total: 1 },
      },
    ]);
  });

  it('given an amended cap, then the amended cap is committed', () => {
    const b = grant('H/8', apply(), approve(), amend({ cap: '80000' }));
    expect(portfolioOf([b])[0]).toMatchObject({
      committed: '80000.00',
      remainingCommitment: '80000.00',
    });
  });

  it('given no grants, then an empty portfolio', () => {
    expect(portfolioOf([])).toEqual([]);
  });
});

describe('foldGrant asOf a business date, on the founding case', () => {
  // given the founding case as a store would hold it (application 2023-03-15, decision
  // 2023-04-20, advance ordered 2023-05-02, attested 2023-05-03)
  const { events } = given(...FOUNDING_CASE_COMMANDS);
  const log = recorded(FOUNDING_GRANT_ID, events, {
    recordedAt: (i) => `2023-06-0${i + 1}T12:00:00.000Z`,
  });
  const balanceAsOf = (asOf: string) =>
    balanceOf(FOUNDING_GRANT_ID, foldGrant(log, { asOf }), asOf);

  it('given the log, when asked as of the day before the application, then there is no grant', () => {
    expect(foldGrant(log, { asOf: '2023-03-14' }).status).toBe('none');
    expect(balanceAsOf('2023-03-14')).toBeUndefined();
  });

  it.each(['2023-03-15', '2023-04-19'])(
    'given the log, when asked as of %s (before the decision), then the status is applied',
    (asOf) => {
      expect(balanceAsOf(asOf)).toMatchObject({
        status: 'applied',
        cap: '0.00',
        appropriation: null,
        entitlement: '0.00',
        advancePaid: '0.00',
        netPaid: '0.00',
        conditions: [],
        finalReport: { due: null, submittedOn: null, state: 'pending' },
      });
    },
  );

  it('given the log, when asked as of the decision day, then approved with entitlement 0.00 and advancePaid 0.00', () => {
    expect(balanceAsOf('2023-04-20')).toMatchObject({
      status: 'approved',
      cap: '763643.00',
      rate: '0.60',
      advanceGranted: '142779.00',
      entitlement: '0.00',
      advancePaid: '0.00',
      pendingPayments: '0.00',
      netPaid: '0.00',
      payable: '0.00',
      overpaid: '0.00',
      advanceUnsettled: '0.00',
      remainingCap: '763643.00',
      undisbursed: '763643.00',
    });
  });

  it('given the log, when asked as of the order day, then the advance is pending, not paid', () => {
    expect(balanceAsOf('2023-05-02')).toMatchObject({
      pendingPayments: '142779.00',
      advancePaid: '0.00',
      netPaid: '0.00',
      undisbursed: '763643.00',
    });
  });

  it.each(['2023-05-03', '2023-06-01'])(
    'given the log, when asked as of %s (after the advance), then the figures of domain.md',
    (asOf) => {
      expect(balanceAsOf(asOf)).toMatchObject({
        status: 'approved',
        entitlement: '0.00',
        advancePaid: '142779.00',
        pendingPayments: '0.00',
        netPaid: '142779.00',
        advanceOffset: '0.00',
        advanceOutstanding: '142779.00',
        payable: '0.00',
        overpaid: '0.00',
        advanceUnsettled: '142779.00',
        settlementFinal: false,
        remainingCap: '763643.00',
        undisbursed: '620864.00',
      });
      expect(indicatorsOf(FOUNDING_GRANT_ID, foldGrant(log, { asOf }), asOf)[0]).toMatchObject({
        indicatorId: 'knowledge-bases',
        state: 'not-started',
      });
    },
  );

  it('given the log, when folded with no asOf, then the same as the decided state', () => {
    expect(balanceOf(FOUNDING_GRANT_ID, foldGrant(log), '2023-06-01')).toEqual(
      balanceOf(FOUNDING_GRANT_ID, given(...FOUNDING_CASE_COMMANDS).state, '2023-06-01'),
    );
  });

  it('given the log, when asked asOfRecorded the moment the decision was stored, then approved with nothing paid', () => {
    // given: event i recorded 2023-06-0{i+1} at noon
    const state = foldGrant(log, { asOfRecorded: '2023-06-02T12:00:00.000Z' });
    // then
    expect(balanceOf(FOUNDING_GRANT_ID, state, '2023-06-02')).toMatchObject({
      status: 'approved',
      pendingPayments: '0.00',
      advancePaid: '0.00',
    });
    expect(foldGrant(log, { asOfRecorded: '2023-06-03T11:59:59.999Z' }).payments.size).toBe(0);
    expect(foldGrant(log, { asOfRecorded: '2023-06-03T12:00:00.000Z' }).payments.size).toBe(1);
  });

  it('given both asOf and asOfRecorded, then an event must pass both', () => {
    // recorded by 06-04 noon: the order (business date 05-02) and the attest (05-03)... but asOf
    // 05-02 hides the attest
    const state = foldGrant(log, { asOf: '2023-05-02', asOfRecorded: '2023-06-04T12:00:00.000Z' });
    expect(balanceOf(FOUNDING_GRANT_ID, state, '2023-05-02')).toMatchObject({
      pendingPayments: '142779.00',
      advancePaid: '0.00',
    });
  });

  it("referenceDate is the asOf date, else the recorded moment's date, else today", () => {
    expect(
      referenceDate({ asOf: '2023-05-02', asOfRecorded: '2023-06-04T12:00:00.000Z' }, '2030-01-01'),
    ).toBe('2023-05-02');
    expect(referenceDate({ asOfRecorded: '2023-06-04T23:30:00.000Z' }, '2030-01-01')).toBe(
      '2023-06-04',
    );
    expect(referenceDate({}, '2030-01-01')).toBe('2030-01-01');
  });

  it('given the founding case, then the journal shows the advance with its orderer and attester', () => {
    expect(journalOf(FOUNDING_GRANT_ID, foldGrant(log))).toEqual([
      {
        grantId: FOUNDING_GRANT_ID,
        paymentId: 'RUN/573/2022-advance-1',
        kind: 'advance',
        claimId: null,
        amount: '142779.00',
        status: 'attested',
        orderedOn: '2023-05-02',
        orderedBy: FOUNDING_ACTORS.orderer,
        attestedOn: '2023-05-03',
        attestedBy: FOUNDING_ACTORS.attester,
        cancelledOn: null,
        cancelledBy: null,
        cancelReason: null,
        settled: false,
        bankReference: null,
        bookedOn: null,
        bookedAmount: null,
      },
    ]);
  });
});
