// The edge never crashes (domain.md "Input at the edges"): any id, text or amount field
// of any command, set to a string over the whole Unicode range (lone surrogates
// included), a JSON number, a huge value or another JSON type, gives either success or
// INVALID_INPUT with the failing path (or a rule's code) — over HTTP and through `exec`,
// where one bad line never stops the lines after it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { REJECTION_CODES } from '../../domain/errors.js';
import {
  amend,
  apply,
  approve,
  attest,
  cancel,
  claimRecovery,
  fulfil,
  payAdvance,
  payClaim,
  repay,
  reportCosts,
  reportIndicator,
  review,
  withdraw,
} from '../../commands/builders/grant-commands.js';
import { CLI_TIMEOUT, jsonLines, workspace } from '../cli/support.js';
import { startTestServer, type TestServer } from './support.js';

const GRANT = 'FUZZ/1/2023';
type Raw = Record<string, unknown>;

/** Commands with the fields to fuzz, each named by its path. */
const TARGETS: { command: Raw; fields: string[] }[] = [
  {
    command: apply({ grantId: 'FUZZ/2/2023' }),
    fields: [
      'grantId',
      'title',
      'applicant.name',
      'requestedAmount',
      'requestedAdvance',
      'submittedOn',
      'meta.commandId',
    ],
  },
  {
    command: approve({ grantId: 'FUZZ/3/2023' }),
    fields: [
      'terms.rate',
      'terms.cap',
      'terms.appropriation',
      'terms.conditions.0.id',
      'terms.conditions.0.text',
      'terms.indicators.0.id',
      'reason',
    ],
  },
  {
    command: payAdvance({ grantId: GRANT, paymentId: 'adv-9', amount: '1' }),
    fields: ['paymentId', 'amount', 'orderedOn', 'grantId', 'meta.actor'],
  },
  {
    command: reportCosts({ grantId: GRANT, claimId: 'claim-9' }),
    fields: ['claimId', 'costs.0.category', 'costs.0.amount', 'period.from'],
  },
  {
    command: review({ grantId: GRANT }),
    fields: ['claimId', 'approvedAmount', 'disallowed.0.reason', 'disallowed.0.amount'],
  },
  { command: fulfil({ grantId: GRANT }), fields: ['conditionId', 'evidence'] },
  {
    command: claimRecovery({ grantId: GRANT, recoveryId: 'rec-9' }),
    fields: ['recoveryId', 'amount', 'reason'],
  },
  { command: attest('adv-1', { grantId: GRANT }), fields: ['paymentId', 'attestedOn'] },
  {
    command: amend({ cap: '90000', rate: '0.5' }, { grantId: GRANT }),
    fields: ['changes.cap', 'changes.rate', 'decidedBy'],
  },
  {
    command: reportIndicator({ grantId: GRANT }),
    fields: ['indicatorId', 'kind', 'title', 'deliveredOn'],
  },
  { command: cancel('adv-1', { grantId: GRANT }), fields: ['paymentId', 'reason', 'cancelledOn'] },
  { command: payClaim({ grantId: GRANT }), fields: ['paymentId', 'claimId', 'amount'] },
  { command: repay({ grantId: GRANT }), fields: ['recoveryId', 'amount', 'receivedOn'] },
  { command: withdraw({ grantId: 'FUZZ/4/2023' }), fields: ['reason', 'withdrawnOn'] },
  {
    command: {
      type: 'SettlePayment',
      grantId: GRANT,
      paymentId: 'adv-1',
      bankReference: 'B-1',
      bookedOn: '2023-01-09',
      amount: '20000',
    },
    fields: ['bankReference', 'amount', 'paymentId'],
  },
];

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\ud800',
    'a\udc00b',
    '\u202eRUN/573/2022',
    'RUN/573/2022 ',
    'RUN/573/2022\u00a0',
    'x\u200b',
    'x\u007f',
    ' ',
    '',
    '-0',
    '1e3',
    '12.340',
    '1000000000000',
  ),
  fc.double(),
  fc.integer(),
  fc.constantFrom(9007199254740993, 1e300, -0, Number.MAX_SAFE_INTEGER),
  fc.string({ unit: 'binary-ascii', minLength: 2000, maxLength: 2100 }),
  fc.constantFrom(null, true, [], {}, ['x']),
);

/** `command` with the value at a dotted path replaced (a copy). */
function withValue(command: Raw, path: string, value: unknown): Raw {
  const copy = structuredClone(command) as Raw;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys.at(-1)!] = value;
  return copy;
}

const fuzzed = fc.tuple(fc.nat(), fc.nat(), nasty).map(([t, f, value]) => {
  const target = TARGETS[t % TARGETS.length]!;
  return withValue(target.command, target.fields[f % target.fields.length]!, value);
});

const KNOWN_CODES: readonly string[] = [...REJECTION_CODES, 'FORBIDDEN'];

describe('the edge over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    for (const c of [
      apply({ grantId: GRANT }),
      approve({ grantId: GRANT }),
      payAdvance({ grantId: GRANT }),
      reportCosts({ grantId: GRANT }),
    ]) {
      expect((await server.send(c)).status).toBe(200);
    }
  });
  afterAll(async () => server.close());

  it('given any value in any id, text or amount field, when POSTed, then 200, 400 INVALID_INPUT with a path, or 422 with a rule code — never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzed, async (command) => {
        const { status, body } = await server.send(command);
        expect([200, 400, 403, 422]).toContain(status);
        if (status === 400) {
          expect(body.error.code).toBe('INVALID_INPUT');
          expect(typeof body.error.path).toBe('string');
        }
        if (status !== 200) expect(KNOWN_CODES).toContain(body.error.code);
      }),
      { numRuns: 300 },
    );
  });

  it('given a JSON number beyond 2^53 as an amount (sent as written), then INVALID_INPUT saying amounts are strings', async () => {
    const raw = JSON.stringify(payAdvance({ grantId: GRANT, paymentId: 'adv-big' })).replace(
      '"20000"',
      '9007199254740993',
    );
    const { status, body } = await server.call('POST', '/commands', { who: 'finance', raw });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_INPUT', path: 'amount' });
    expect(body.error.message).toMatch(/amounts are strings/);
  });
});

describe('the edge through exec', () => {
  it(
    'given a file of fuzzed lines, broken JSON and lone surrogates, then one result line per command and the last, valid line still runs',
    async () => {
      // given
      const ws = workspace();
      try {
        const lines = fc
          .sample(fuzzed, { numRuns: 60, seed: 20261201 })
          .map((c) => JSON.stringify({ ...c, meta: { actor: 'fuzz@test' } }));
        lines.push(
          '{"type": "PayAdvance", "grantId": ',
          '{"type":"ApplyForCoFinancing","title":"\\ud800"}',
        );
        const valid = apply({ grantId: 'FUZZ/LAST/2023', meta: { actor: 'fuzz@test' } });
        const file = ws.write('fuzz.jsonl', `${[...lines, JSON.stringify(valid)].join('\n')}\n`);
        // when
        const run = await ws.run(['exec', file]);
        // then
        const out = jsonLines(run.stdout) as {
          ok: boolean;
          error?: { code: string; path: string };
        }[];
        expect(run.stderr).toBe('');
        expect(out).toHaveLength(lines.length + 1);
        for (const line of out) if (!line.ok) expect(KNOWN_CODES).toContain(line.error!.code);
        expect(out.at(-1)).toMatchObject({ ok: true });
        expect(run.code).toBe(1);
      } finally {
        ws.dispose();
      }
    },
    CLI_TIMEOUT,
  );
});
