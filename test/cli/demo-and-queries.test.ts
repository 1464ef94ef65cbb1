// `demo` loads the founding case (idempotently) and the query verbs show what domain.md
// says it must: balance (--json exactly the projection, human output in Swedish format),
// indicators, grants, portfolio, history; time travel; errors and exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CLI_TIMEOUT, jsonLines, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT);

const FOUNDING = 'RUN/573/2022';

describe('grant-ledger demo and the query verbs', () => {
  let ws: Workspace;
  let firstDemo: { code: number | null; stdout: string };
  beforeAll(async () => {
    ws = workspace();
    firstDemo = await ws.run(['demo']);
  });
  afterAll(() => ws.dispose());

  test('given the demo was loaded, when balance --json is asked, then it prints exactly the projection with the figures of domain.md', async () => {
    expect(firstDemo.code).toBe(0);

    const { code, stdout, stderr } = await ws.run(['balance', FOUNDING, '--json']);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    const balance = JSON.parse(stdout) as Record<string, unknown>;
    expect(balance).toMatchObject({
      grantId: FOUNDING,
      status: 'approved',
      cap: '763643.00',
      rate: '0.60',
      advanceGranted: '142779.00',
      appropriation: '1:1 Regionala tillväxtåtgärder',
      entitlement: '0.00',
      advancePaid: '142779.00',
      claimsPaid: '0.00',
      pendingPayments: '0.00',
      netPaid: '142779.00',
      payable: '0.00',
      overpaid: '0.00',
      advanceUnsettled: '142779.00',
      repaymentDue: '0.00',
      advanceOffset: '0.00',
      advanceOutstanding: '142779.00',
      settlementFinal: false,
      interestAccrued: '0.00',
      interestPaid: '0.00',
      interestDue: '0.00',
      recoveries: [],
      remainingCap: '763643.00',
      undisbursed: '620864.00',
      conditions: [
        {
          id: 'other-financing',
          text: 'Övrig finansiering ordnas enligt ansökan',
          fulfilled: false,
          fulfilledOn: null,
        },
      ],
      finalReport: { due: '2024-04-30', submittedOn: null },
    });
    // Exactly the projection's fields, nothing added by the CLI.
    expect(Object.keys(balance).sort()).toEqual(
      [
        'grantId',
        'title',
        'applicant',
        'status',
        'cap',
        'rate',
        'advanceGranted',
        'appropriation',
        'reportedCosts',
        'approvedCosts',
        'disallowedCosts',
        'unreviewedCosts',
        'entitlement',
        'settlementFinal',
        'advancePaid',
        'claimsPaid',
        'pendingPayments',
        'repaid',
        'netPaid',
        'advanceOffset',
        'advanceOutstanding',
        'payable',
        'overpaid',
        'advanceUnsettled',
        'waived',
        'repaymentDue',
        'interestAccrued',
        'interestPaid',
        'interestDue',
        'recoveries',
        'remainingCap',
        'undisbursed',
        'conditions',
        'finalReport',
        'payoutAccount',
      ].sort(),
    );
  });

  test('given the demo, when balance is asked without --json, then amounts are in the Swedish format in an aligned list', async () => {
    const { code, stdout } = await ws.run(['balance', FOUNDING]);

    expect(code).toBe(0);
    expect(stdout).toContain('763 643,00 kr');
    expect(stdout).toMatch(/Undisbursed\s+620 864,00 kr/);
    expect(stdout).toMatch(/Advance paid\s+142 779,00 kr/);
    // Amounts are right-aligned: every "kr" ends in the same column.
    const ends = stdout
      .split('\n')
      .filter((l) => l.endsWith(' kr'))
      .map((l) => l.length);
    expect(new Set(ends).size).toBe(1);
  });

  test('given the demo, when balance is asked as of the day the advance was ordered, then the advance is pending, not paid', async () => {
    const { code, stdout } = await ws.run(['balance', FOUNDING, '--as-of', '2023-05-02', '--json']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      advancePaid: '0.00',
      pendingPayments: '142779.00',
      netPaid: '0.00',
    });
  });

  test('given an invalid --as-of date, when balance is asked, then it is a usage error with exit 2', async () => {
    const { code, stdout, stderr } = await ws.run(['balance', FOUNDING, '--as-of', '2023-02-30']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Error: .*2023-02-30.*\[USAGE\]\n$/);
  });

  test('given a grant that does not exist, when balance is asked, then stderr says so in one sentence with UNKNOWN_GRANT and the exit code is 1', async () => {
    const { code, stdout, stderr } = await ws.run(['balance', 'NO/1/2020', '--json']);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('Error: There is no grant NO/1/2020. [UNKNOWN_GRANT]\n');
  });

  test('given the demo, when indicators, grants, portfolio and history are asked, then they show the founding case', async () => {
    const indicators = await ws.run(['indicators', FOUNDING, '--json']);
    expect(JSON.parse(indicators.stdout)).toEqual([
      expect.objectContaining({
        indicatorId: 'knowledge-bases',
        targets: { report: 1, 'sub-report': 3 },
        achieved: { report: 0, 'sub-report': 0 },
        state: 'not-started',
      }),
    ]);

    const grants = await ws.run(['grants', '--status', 'approved']);
    expect(grants.code).toBe(0);
    expect(grants.stdout).toContain(FOUNDING);
    expect(grants.stdout).toContain('763 643,00 kr');

    const portfolio = await ws.run([
      'portfolio',
      '--appropriation',
      '1:1 Regionala tillväxtåtgärder',
      '--json',
    ]);
    expect(JSON.parse(portfolio.stdout)).toEqual([
      {
        appropriation: '1:1 Regionala tillväxtåtgärder',
        committed: '763643.00',
        paid: '142779.00',
        remainingCommitment: '620864.00',
        grants: { approved: 1, closed: 0, withdrawn: 0, total: 1 },
      },
    ]);

    const history = await ws.run(['history', FOUNDING, '--json']);
    const entries = JSON.parse(history.stdout) as { type: string; actor: string; hash: string }[];
    expect(entries.map((e) => e.type)).toEqual([
      'CoFinancingApplied',
      'GrantApproved',
      'PaymentOrdered',
      'PaymentAttested',
    ]);
    expect(entries[2]!.actor).not.toBe(entries[3]!.actor); // two-person attest
  });

  test('given a bad --status, when grants is asked, then the exit code is 2', async () => {
    const { code, stderr } = await ws.run(['grants', '--status', 'sleeping']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\[USAGE\]/);
  });

  test('given the demo was loaded, when demo runs again, then nothing is appended (the export has as many lines as before)', async () => {
    const before = jsonLines((await ws.run(['export', '--format', 'jsonl'])).stdout).length;

    const again = await ws.run(['demo']);

    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing appended/);
    const after = jsonLines((await ws.run(['export', '--format', 'jsonl'])).stdout).length;
    // the six reference rates of domain.md and the founding case's four events
    expect(before).toBe(10);
    expect(after).toBe(before);
  });
});

describe('grant-ledger demo --synthetic and the default store', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = workspace();
  });
  afterAll(() => ws.dispose());

  test('given no --store and no LEDGER_STORE, when demo --synthetic 5 runs, then ./data/ledger.db is created and holds the founding case and 5 generated grants', async () => {
    const { code, stdout, stderr } = await ws.run(['demo', '--synthetic', '5'], { noStore: true });

    expect(stderr).toBe(''); // no progress bar: stderr is not a terminal
    expect(code).toBe(0);
    expect(stdout).toMatch(/Synthetic grants: 5/);
    expect(fs.existsSync(path.join(ws.dir, 'data', 'ledger.db'))).toBe(true);

    const grants = JSON.parse((await ws.run(['grants', '--json'], { noStore: true })).stdout) as {
      grantId: string;
    }[];
    expect(grants.map((g) => g.grantId).sort()).toEqual([
      'RUN/573/2022',
      'SYN/0001/2024',
      'SYN/0002/2024',
      'SYN/0003/2024',
      'SYN/0004/2024',
      'SYN/0005/2024',
    ]);

    const again = await ws.run(['demo', '--synthetic', '5'], { noStore: true });
    expect(again.stdout).toMatch(/5 \(SYN\/0001\/2024 …\), 0 events appended/);
  });

  test('given a non-number, when demo --synthetic is asked, then the exit code is 2', async () => {
    const { code } = await ws.run(['demo', '--synthetic', 'many']);
    expect(code).toBe(2);
  });
});
