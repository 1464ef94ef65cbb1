// Bad input at the edge: every malformed command is INVALID_INPUT with the path of the
// failing field — never a thrown error, never a half-understood command.
import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../commands/parse.js';
import { isRejection } from '../../domain/errors.js';
import * as typed from '../../commands/builders/grant-commands.js';
import { given, type RawCommand } from '../support/decider-spec.js';

type Raw = Record<string, unknown>;
/** The builders taking any JSON as overrides: bad input is what their types forbid. */
type LooseBuilders = Record<keyof typeof typed, (...args: unknown[]) => Raw>;
const {
  amend,
  apply,
  approve,
  attest,
  claimRecovery,
  fulfil,
  payAdvance,
  payClaim,
  repay,
  reportCosts,
  reportIndicator,
  review,
} = typed as unknown as LooseBuilders;
const without = (raw: Raw, ...path: string[]): Raw => {
  const copy = structuredClone(raw);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  delete target[path[path.length - 1]!];
  return copy;
};

/** [what is wrong, raw command, path of the failing field] */
const BAD: [string, unknown, string][] = [
  // amounts
  ['an amount that is not a number ("abc")', apply({ requestedAmount: 'abc' }), 'requestedAmount'],
  ['an amount that is a boolean', apply({ requestedAmount: true }), 'requestedAmount'],
  ['an amount that is null', apply({ requestedAmount: null }), 'requestedAmount'],
  ['an amount that is an object', payAdvance({ amount: { value: 1 } }), 'amount'],
  ['an amount with 3 decimals ("1.001")', payAdvance({ amount: '1.001' }), 'amount'],
  ['an amount with 3 decimals as a JSON number (0.125)', payAdvance({ amount: 0.125 }), 'amount'],
  ['a negative amount ("-5")', payAdvance({ amount: '-5' }), 'amount'],
  ['a negative amount as a JSON number (-5)', payAdvance({ amount: -5 }), 'amount'],
  ['a zero payment', payAdvance({ amount: '0' }), 'amount'],
  ['NaN', apply({ requestedAmount: Number.NaN }), 'requestedAmount'],
  ['the string "NaN"', apply({ requestedAmount: 'NaN' }), 'requestedAmount'],
  ['Infinity', apply({ requestedAmount: Number.POSITIVE_INFINITY }), 'requestedAmount'],
  ['the string "Infinity"', payAdvance({ amount: 'Infinity' }), 'amount'],
  [
    'the JSON number 1e21 (its text is "1e+21")',
    apply({ requestedAmount: 1e21 }),
    'requestedAmount',
  ],
  ['exponent notation as a string ("1e3")', apply({ requestedAmount: '1e3' }), 'requestedAmount'],
  ['a float with drift (0.1 + 0.2)', payAdvance({ amount: 0.1 + 0.2 }), 'amount'],
  ['a decimal comma ("1,50")', payAdvance({ amount: '1,50' }), 'amount'],
  ['spaces in an amount (" 100")', payAdvance({ amount: ' 100' }), 'amount'],
  ['a leading plus ("+100")', payAdvance({ amount: '+100' }), 'amount'],
  ['a trailing dot ("100.")', payAdvance({ amount: '100.' }), 'amount'],
  ['an empty amount', payAdvance({ amount: '' }), 'amount'],
  [
    'a bad nested cost amount',
    reportCosts({ costs: [{ category: 'personal', amount: '10.999' }] }),
    'costs.0.amount',
  ],
  [
    'a bad second cost amount',
    reportCosts({
      costs: [
        { category: 'personal', amount: '10' },
        { category: 'x', amount: '-1' },
      ],
    }),
    'costs.1.amount',
  ],
  [
    'a bad disallowed amount',
    review({ disallowed: [{ amount: 'fem', reason: 'x' }] }),
    'disallowed.0.amount',
  ],
  ['a bad decision cap', approve({}, { cap: '100 000' }), 'terms.cap'],
  ['a bad decision advance', approve({}, { advance: -1 }), 'terms.advance'],
  ['a bad amended cap', amend({ cap: '1.234' }), 'changes.cap'],
  [
    'a bad other-financing amount',
    apply({ otherFinancing: [{ financier: 'ERUF', amount: 'mycket' }] }),
    'otherFinancing.0.amount',
  ],
  ['a bad recovery amount', claimRecovery({ amount: '0.00' }), 'amount'],
  ['a bad repayment amount', repay({ amount: '-0.01' }), 'amount'],
  // rates
  ['rate 0', approve({}, { rate: '0' }), 'terms.rate'],
  ['rate 0.00', approve({}, { rate: '0.00' }), 'terms.rate'],
  ['rate 1.01', approve({}, { rate: '1.01' }), 'terms.rate'],
  ['rate 60 (a percentage)', approve({}, { rate: 60 }), 'terms.rate'],
  ['a negative rate', approve({}, { rate: '-0.5' }), 'terms.rate'],
  ['a rate that is text', approve({}, { rate: 'sextio procent' }), 'terms.rate'],
  ['an amended rate above 1', amend({ rate: '1.5' }), 'changes.rate'],
  [
    'the old interest rate field (the law sets the rate now)',
    claimRecovery({ dueOn: '2024-03-01', interest: { annualRate: '8', from: '2024-02-01' } }),
    'interest.annualRate',
  ],
  ['interest without dueOn', claimRecovery({ interest: { from: '2024-01-15' } }), 'dueOn'],
  [
    'a reference rate with 3 decimals',
    {
      type: 'SetReferenceRate',
      validFrom: '2024-01-01',
      rate: '4.001',
      source: 'Riksbanken',
      meta: { actor: 'f@test' },
    },
    'rate',
  ],
  [
    'a reference rate as a number',
    {
      type: 'SetReferenceRate',
      validFrom: '2024-01-01',
      rate: 4,
      source: 'Riksbanken',
      meta: { actor: 'f@test' },
    },
    'rate',
  ],
  [
    'a reference rate from 1 March',
    {
      type: 'SetReferenceRate',
      validFrom: '2024-03-01',
      rate: '4.00',
      source: 'Riksbanken',
      meta: { actor: 'f@test' },
    },
    'validFrom',
  ],
  [
    'a reference rate naming a grant',
    {
      type: 'SetReferenceRate',
      grantId: 'X',
      validFrom: '2024-01-01',
      rate: '4.00',
      source: 'Riksbanken',
      meta: { actor: 'f@test' },
    },
    'grantId',
  ],
  // dates
  ['2023-02-30', apply({ submittedOn: '2023-02-30' }), 'submittedOn'],
  ['2023-02-29 (not a leap year)', payAdvance({ orderedOn: '2023-02-29' }), 'orderedOn'],
  ['month 13', payAdvance({ orderedOn: '2023-13-01' }), 'orderedOn'],
  ['a date without zero padding', payAdvance({ orderedOn: '2023-5-1' }), 'orderedOn'],
  ['a timestamp for a date', payAdvance({ orderedOn: '2023-05-01T00:00:00Z' }), 'orderedOn'],
  ['a Swedish date', payAdvance({ orderedOn: '1 maj 2023' }), 'orderedOn'],
  ['a date as a number', payAdvance({ orderedOn: 20230501 }), 'orderedOn'],
  [
    'a bad nested project start',
    apply({ projectPeriod: { start: '2023-02-30', end: '2023-12-31' } }),
    'projectPeriod.start',
  ],
  [
    'a project ending before it starts',
    apply({ projectPeriod: { start: '2023-12-31', end: '2023-01-01' } }),
    'projectPeriod.end',
  ],
  [
    'a claim period ending before it starts',
    reportCosts({ period: { from: '2023-06-30', to: '2023-01-01' } }),
    'period.to',
  ],
  [
    'a bad final report due date',
    approve({}, { finalReportDue: '2024-04-31' }),
    'terms.finalReportDue',
  ],
  // types
  ['an unknown command type', { type: 'ApproveEverything', grantId: 'X/1' }, 'type'],
  ['a type with the wrong case', { ...payAdvance(), type: 'payAdvance' }, 'type'],
  ['a missing type', without(payAdvance(), 'type'), 'type'],
  ['a type that is not a string', { ...payAdvance(), type: 42 }, 'type'],
  // missing fields
  ['a missing grantId', without(payAdvance(), 'grantId'), 'grantId'],
  ['an empty grantId', payAdvance({ grantId: '' }), 'grantId'],
  ['a grantId with a newline', payAdvance({ grantId: 'A\nB' }), 'grantId'],
  ['a missing amount', without(payAdvance(), 'amount'), 'amount'],
  ['a missing paymentId', without(payClaim(), 'paymentId'), 'paymentId'],
  ['a missing title', without(apply(), 'title'), 'title'],
  ['an empty title', apply({ title: '   ' }), 'title'],
  ['a missing applicant name', apply({ applicant: {} }), 'applicant.name'],
  ['a missing project period end', without(apply(), 'projectPeriod', 'end'), 'projectPeriod.end'],
  ['a missing decision outcome', without(approve(), 'outcome'), 'outcome'],
  ['an unknown decision outcome', approve({ outcome: 'maybe' }), 'outcome'],
  ['approved without terms', without(approve(), 'terms'), 'terms'],
  ['terms without a cap', without(approve(), 'terms', 'cap'), 'terms.cap'],
  ['no costs', reportCosts({ costs: [] }), 'costs'],
  ['a cost without category', reportCosts({ costs: [{ amount: '10' }] }), 'costs.0.category'],
  ['an amendment changing nothing', amend({}), 'changes'],
  ['final that is not a boolean', reportCosts({ final: 'yes' }), 'final'],
  [
    'an indicator target that is not whole',
    approve({}, { indicators: [{ id: 'r', name: 'R', targets: { report: 1.5 } }] }),
    'terms.indicators.0.targets.report',
  ],
  [
    'an indicator without targets',
    approve({}, { indicators: [{ id: 'r', name: 'R', targets: {} }] }),
    'terms.indicators.0.targets',
  ],
  [
    'two conditions with one id',
    approve(
      {},
      {
        conditions: [
          { id: 'a', text: 'A' },
          { id: 'a', text: 'B' },
        ],
      },
    ),
    'terms.conditions',
  ],
  // extra unknown fields
  ['an extra top-level field', payAdvance({ approvedBy: 'me' }), 'approvedBy'],
  [
    'an extra field in the applicant',
    apply({ applicant: { name: 'X', vat: 'SE1' } }),
    'applicant.vat',
  ],
  [
    'an extra field in the project period',
    apply({ projectPeriod: { start: '2023-01-01', end: '2023-12-31', mid: '2023-06-30' } }),
    'projectPeriod.mid',
  ],
  ['an extra field in the terms', approve({}, { bonus: '1000' }), 'terms.bonus'],
  [
    'an extra field in a condition',
    approve({}, { conditions: [{ id: 'a', text: 'A', due: '2023-01-01' }] }),
    'terms.conditions.0.due',
  ],
  [
    'an extra field in a cost',
    reportCosts({ costs: [{ category: 'personal', amount: '1', vat: '0.25' }] }),
    'costs.0.vat',
  ],
  ['an extra field in the changes', amend({ cap: '1', advance: '1' }), 'changes.advance'],
  ['terms on a rejection', { ...approve(), outcome: 'rejected' }, 'terms'],
  // meta
  ['meta that is a string', payAdvance({ meta: 'orderer@test' }), 'meta'],
  ['meta that is an array', payAdvance({ meta: ['orderer@test'] }), 'meta'],
  ['meta.actor that is a number', payAdvance({ meta: { actor: 7 } }), 'meta.actor'],
  ['meta.actor that is empty', payAdvance({ meta: { actor: '' } }), 'meta.actor'],
  [
    'meta.commandId that is empty',
    payAdvance({ meta: { actor: 'a', commandId: '' } }),
    'meta.commandId',
  ],
  ['an unknown field in meta', payAdvance({ meta: { actor: 'a', role: 'admin' } }), 'meta.role'],
  // not a command at all
  ['null', null, ''],
  ['undefined', undefined, ''],
  ['a string', 'PayAdvance', ''],
  ['a number', 42, ''],
  ['an array', [payAdvance()], ''],
];

describe('bad input is INVALID_INPUT with the failing path', () => {
  it.each(BAD)('given %s, when parsed, then INVALID_INPUT', (_, raw, path) => {
    // given / when
    let result: ReturnType<typeof parseCommand> | undefined;
    expect(() => {
      result = parseCommand(raw);
    }).not.toThrow();
    // then
    if (result === undefined || result.ok)
      throw new Error(`expected INVALID_INPUT, got ${JSON.stringify(result)}`);
    expect(result.rejection).toMatchObject({ kind: 'rejection', code: 'INVALID_INPUT', path });
    expect(result.rejection.message.length).toBeGreaterThan(0);
  });

  it('given a missing field, then the message says it is required', () => {
    const result = parseCommand(without(payAdvance(), 'amount'));
    expect(!result.ok && result.rejection.message).toBe('amount: is required');
  });

  it('given an approved grant, when a malformed command is decided, then INVALID_INPUT and nothing changes', () => {
    const history = given(apply(), approve());
    history.when(payAdvance({ amount: 'NaN' })).thenRejected('INVALID_INPUT', 'amount');
    history
      .when(reportCosts({ period: { from: '2023-02-30', to: '2023-03-31' } }))
      .thenRejected('INVALID_INPUT', 'period.from');
    history.when({ ...fulfil(), extra: true }).thenRejected('INVALID_INPUT', 'extra');
  });
});

describe('good input in its accepted forms', () => {
  it.each<[string, unknown, string]>([
    ['a string with no decimals', '142779', '142779.00'],
    ['a string with one decimal', '142779.5', '142779.50'],
    ['a string with two decimals', '142779.55', '142779.55'],
    ['the largest amount', '999999999999.99', '999999999999.99'],
    ['leading zeros', '007', '7.00'],
  ])(
    'given %s as requestedAmount, when applied, then it is stored exactly as %s',
    (_, amount, stored) => {
      // given
      const raw = apply({ requestedAmount: amount, requestedAdvance: '0' });
      // when / then
      given()
        .when(raw)
        .then([{ type: 'CoFinancingApplied', data: { requestedAmount: stored } }]);
    },
  );

  it.each<[string, unknown, string]>([
    ['"0.60"', '0.60', '0.60'],
    ['"0.6"', '0.6', '0.60'],
    ['"1"', '1', '1.00'],
    ['"0.125" (three decimals are kept)', '0.125', '0.125'],
    ['"0.000001" (six decimals)', '0.000001', '0.000001'],
  ])('given rate %s, when approved, then the rate is stored as %s', (_, rate, stored) => {
    const history = given(apply());
    history
      .when(approve({}, { rate }))
      .then([{ type: 'GrantApproved', data: { terms: { rate: stored } } }]);
  });

  it('given 2024-02-29 (a leap day), when used as a date, then it is accepted', () => {
    const result = parseCommand(payAdvance({ orderedOn: '2024-02-29' }));
    expect(result.ok).toBe(true);
  });

  it('given garbage nested in any field, then parsing never throws', () => {
    const nasty: RawCommand[] = [
      payAdvance({ amount: Symbol.for('x') as unknown as string }),
      payAdvance({ amount: BigInt(5) as unknown as string }),
      reportCosts({ costs: 'many' }),
      reportCosts({ costs: [null] }),
      reportCosts({ period: null }),
      approve({}, { indicators: [{ id: 'r', name: 'R', targets: null }] }),
      approve({ terms: [] }),
      reportIndicator({ kind: { toString: () => 'report' } }),
      attest('adv-1', { attestedOn: new Date('2023-01-01') }),
      Object.create(null) as RawCommand,
    ];
    for (const raw of nasty) {
      const result = parseCommand(raw);
      expect(result.ok).toBe(false);
      expect(!result.ok && isRejection(result.rejection) && result.rejection.code).toBe(
        'INVALID_INPUT',
      );
    }
  });
});
