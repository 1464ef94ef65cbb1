// The HTTP API against a real server on a SQLite file: the founding case sent as commands,
// then the projections read back over HTTP with the figures of domain.md.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import { steppingClock } from '../../commands/clock.js';
import { LEDGER_COMMAND_TYPES as COMMAND_TYPES } from '../../domain/ledger-commands.js';
import { openLedger } from '../../infra/open-ledger.js';
import {
  ACTORS,
  GRANT,
  GRANT_PATH,
  loadFoundingCase,
  startTestServer,
  type TestServer,
} from './support.js';

let server: TestServer;

beforeAll(async () => {
  // The ledger's "today" is mid-project (2023-06-01), as in domain.md's founding case.
  server = await startTestServer({ clock: steppingClock('2024-06-01T08:00:00.000Z', 1000) });
  await loadFoundingCase(server);
});

afterAll(async () => {
  await server.close();
});

describe('the founding case over HTTP', () => {
  it('shows the figures of domain.md at GET /grants/RUN%2F573%2F2022', async () => {
    // when
    const { status, body } = await server.call('GET', GRANT_PATH, { who: 'viewer' });
    // then
    expect(status).toBe(200);
    expect(body).toMatchObject({
      grantId: GRANT,
      status: 'approved',
      cap: '763643.00',
      rate: '0.60',
      advanceGranted: '142779.00',
      appropriation: '1:1 Regionala tillväxtåtgärder',
      entitlement: '0.00',
      advancePaid: '142779.00',
      netPaid: '142779.00',
      payable: '0.00',
      overpaid: '0.00',
      advanceOutstanding: '142779.00',
      advanceUnsettled: '142779.00',
      remainingCap: '763643.00',
      undisbursed: '620864.00',
    });
  });

  it('lists the grant with its key figures, and filters by status', async () => {
    const all = await server.call('GET', '/grants', { who: 'viewer' });
    const approved = await server.call('GET', '/grants?status=approved', { who: 'viewer' });
    const closed = await server.call('GET', '/grants?status=closed', { who: 'viewer' });
    expect(all.status).toBe(200);
    expect(all.body).toEqual([
      expect.objectContaining({ grantId: GRANT, cap: '763643.00', netPaid: '142779.00' }),
    ]);
    expect(approved.body).toHaveLength(1);
    expect(closed.body).toEqual([]);
  });

  it('shows the indicator not started', async () => {
    const { status, body } = await server.call('GET', `${GRANT_PATH}/indicators`, {
      who: 'viewer',
    });
    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({
        indicatorId: 'knowledge-bases',
        targets: { report: 1, 'sub-report': 3 },
        achieved: { report: 0, 'sub-report': 0 },
        state: 'not-started',
      }),
    ]);
  });

  it('shows the portfolio and the payments journal', async () => {
    const portfolio = await server.call('GET', '/portfolio', { who: 'viewer' });
    const one = await server.call(
      'GET',
      `/portfolio?appropriation=${encodeURIComponent('1:1 Regionala tillväxtåtgärder')}`,
      { who: 'viewer' },
    );
    const payments = await server.call('GET', `/payments?grantId=${encodeURIComponent(GRANT)}`, {
      who: 'viewer',
    });
    expect(portfolio.body).toEqual([
      expect.objectContaining({
        appropriation: '1:1 Regionala tillväxtåtgärder',
        committed: '763643.00',
        paid: '142779.00',
        remainingCommitment: '620864.00',
      }),
    ]);
    expect(one.body).toHaveLength(1);
    expect(payments.body).toEqual([
      expect.objectContaining({
        paymentId: 'RUN/573/2022-advance-1',
        kind: 'advance',
        amount: '142779.00',
        status: 'attested',
        orderedBy: ACTORS.finance,
        attestedBy: ACTORS.attester,
      }),
    ]);
  });

  it('gives the timeline of cap, entitlement and net paid, one point per business date', async () => {
    const { status, body } = await server.call('GET', `${GRANT_PATH}/timeline`, { who: 'viewer' });
    expect(status).toBe(200);
    expect(body.points.map((p: { date: string }) => p.date)).toEqual([
      '2023-03-15',
      '2023-04-20',
      '2023-05-02',
      '2023-05-03',
    ]);
    expect(body.points[1]).toMatchObject({
      cap: '763643.00',
      entitlement: '0.00',
      netPaid: '0.00',
      events: ['GrantApproved'],
    });
    expect(body.points[2]).toMatchObject({ netPaid: '0.00', pendingPayments: '142779.00' });
    expect(body.points[3]).toMatchObject({
      cap: '763643.00',
      entitlement: '0.00',
      netPaid: '142779.00',
      pendingPayments: '0.00',
    });
    expect(body.finalReportDue).toBe('2024-04-30');
  });

  it('answers a grant that does not exist with 404 UNKNOWN_GRANT', async () => {
    for (const route of [
      '/grants/RUN%2F999%2F2022',
      '/grants/RUN%2F999%2F2022/indicators',
      '/grants/RUN%2F999%2F2022/timeline',
      '/payments?grantId=RUN%2F999%2F2022',
    ]) {
      const { status, body } = await server.call('GET', route, { who: 'viewer' });
      expect([route, status, body.error.code]).toEqual([route, 404, 'UNKNOWN_GRANT']);
    }
    const history = await server.call('GET', '/grants/RUN%2F999%2F2022/history', {
      who: 'auditor',
    });
    expect(history.status).toBe(404);
  });
});

describe('time travel', () => {
  it('?asOf= a business date shows the balance of that day', async () => {
    const ordered = await server.call('GET', `${GRANT_PATH}?asOf=2023-05-02`, { who: 'viewer' });
    const decided = await server.call('GET', `${GRANT_PATH}?asOf=2023-04-20`, { who: 'viewer' });
    const before = await server.call('GET', `${GRANT_PATH}?asOf=2023-03-01`, { who: 'viewer' });
    expect(ordered.body).toMatchObject({
      pendingPayments: '142779.00',
      netPaid: '0.00',
      undisbursed: '763643.00',
    });
    expect(decided.body).toMatchObject({
      status: 'approved',
      pendingPayments: '0.00',
      netPaid: '0.00',
    });
    expect(before.status).toBe(404);
    const history = await server.call('GET', `${GRANT_PATH}/history?asOf=2023-04-20`, {
      who: 'auditor',
    });
    expect(history.body.map((e: { type: string }) => e.type)).toEqual([
      'CoFinancingApplied',
      'GrantApproved',
    ]);
    const payments = await server.call(
      'GET',
      `/payments?grantId=${encodeURIComponent(GRANT)}&asOf=2023-05-02`,
      { who: 'viewer' },
    );
    expect(payments.body).toEqual([expect.objectContaining({ status: 'ordered' })]);
  });

  it('?asOfRecorded= shows what the ledger said at that moment', async () => {
    // given a moment before a condition is fulfilled
    const history = await server.call('GET', `${GRANT_PATH}/history`, { who: 'auditor' });
    const moment = history.body.at(-1).recordedAt as string;
    const fulfil = await server.send({
      type: 'FulfilCondition',
      grantId: GRANT,
      conditionId: 'other-financing',
      fulfilledOn: '2023-05-10',
      evidence: 'Tillväxtverket decision',
    });
    expect(fulfil.status).toBe(200);
    // when
    const then = await server.call(
      'GET',
      `${GRANT_PATH}?asOfRecorded=${encodeURIComponent(moment)}`,
      { who: 'viewer' },
    );
    const now = await server.call('GET', GRANT_PATH, { who: 'viewer' });
    // then
    expect(then.body.conditions).toEqual([
      expect.objectContaining({ id: 'other-financing', fulfilled: false }),
    ]);
    expect(now.body.conditions).toEqual([
      expect.objectContaining({ id: 'other-financing', fulfilled: true }),
    ]);
  });

  it('rejects a bad asOf, asOfRecorded, status or unknown parameter with 400 and the parameter', async () => {
    const cases: [string, string][] = [
      [`${GRANT_PATH}?asOf=2023-02-30`, 'asOf'],
      [`${GRANT_PATH}?asOf=yesterday`, 'asOf'],
      [`${GRANT_PATH}/indicators?asOfRecorded=noon`, 'asOfRecorded'],
      ['/grants?status=sleeping', 'status'],
      [`${GRANT_PATH}?asof=2023-01-01`, 'asof'],
      ['/payments?asOf=2023-01-01', 'grantId'],
    ];
    for (const [route, path] of cases) {
      const { status, body } = await server.call('GET', route, { who: 'viewer' });
      expect([route, status, body.error.code, body.error.path]).toEqual([
        route,
        400,
        'INVALID_INPUT',
        path,
      ]);
    }
  });
});

describe('POST /commands', () => {
  it('answers 200 with the events appended', async () => {
    const { status, body } = await server.send({
      type: 'ReportIndicator',
      grantId: GRANT,
      indicatorId: 'knowledge-bases',
      kind: 'sub-report',
      title: 'Delrapport 1',
      deliveredOn: '2023-09-01',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ commandId: expect.any(String), duplicate: false });
    expect(body.events).toEqual([
      {
        type: 'IndicatorProgressReported',
        position: expect.any(Number),
        revision: expect.any(Number),
        streamId: expect.any(String),
        recordedAt: expect.any(String),
      },
    ]);
  });

  it('answers an invalid command with 400 INVALID_INPUT and the failing path', async () => {
    const { status, body } = await server.send({
      type: 'PayAdvance',
      grantId: GRANT,
      paymentId: 'p-x',
      amount: '12.345',
      orderedOn: '2023-06-01',
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_INPUT', path: 'amount' });
    const nested = await server.send({
      type: 'ReportCosts',
      grantId: GRANT,
      claimId: 'c-x',
      period: { from: '2023-06-01', to: '2023-06-30' },
      costs: [{ category: 'staff', amount: '-1' }],
      submittedOn: '2023-07-01',
    });
    expect(nested.body.error).toMatchObject({ code: 'INVALID_INPUT', path: 'costs.0.amount' });
  });

  it('answers a rule violation with 422 and its code', async () => {
    const { status, body } = await server.send({
      type: 'PayAdvance',
      grantId: GRANT,
      paymentId: 'advance-2',
      amount: '1',
      orderedOn: '2023-06-01',
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('ADVANCE_LIMIT');
    const unknown = await server.send({
      type: 'SubmitFinalReport',
      grantId: 'RUN/1/2099',
      submittedOn: '2024-01-01',
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UNKNOWN_GRANT']);
  });

  it('appends nothing for a repeated commandId and answers with the first result', async () => {
    const command = {
      type: 'ReportIndicator',
      grantId: GRANT,
      indicatorId: 'knowledge-bases',
      kind: 'sub-report',
      title: 'Delrapport 2',
      deliveredOn: '2023-10-01',
      meta: { commandId: 'http-test-once' },
    };
    const first = await server.send(command);
    const before = (await server.call('GET', '/verify', { who: 'auditor' })).body.events;
    const second = await server.send(command);
    const after = (await server.call('GET', '/verify', { who: 'auditor' })).body.events;
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      commandId: 'http-test-once',
      duplicate: true,
      events: first.body.events,
    });
    expect(after).toBe(before);
  });
});

describe('auditor routes', () => {
  it('GET /verify reports intact chains', async () => {
    const { status, body } = await server.call('GET', '/verify', { who: 'auditor' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, streams: 1 });
  });

  it('GET /export?format=jsonl lets the chain be recomputed from the export alone', async () => {
    const { status, text, headers } = await server.call(
      'GET',
      `/export?grantId=${encodeURIComponent(GRANT)}&format=jsonl`,
      { who: 'auditor' },
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/x-ndjson');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    let prev = '';
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual([
        'data',
        'hash',
        'metadata',
        'revision',
        'streamId',
        'type',
        'version',
      ]);
      const { streamId, revision, type, version, data, metadata } = line;
      const hash = createHash('sha256')
        .update(`${prev}\n${canonicalize({ streamId, revision, type, version, data, metadata })}`)
        .digest('hex');
      expect(hash).toBe(line.hash);
      prev = hash;
    }
  });

  it('GET /export?format=csv gives the payments journal', async () => {
    const { status, text } = await server.call('GET', '/export?format=csv', { who: 'auditor' });
    expect(status).toBe(200);
    const [header, row] = text.trim().split('\r\n');
    expect(header?.split(',').slice(0, 6)).toEqual([
      'grantId',
      'paymentId',
      'kind',
      'claimId',
      'amount',
      'status',
    ]);
    expect(row).toContain('RUN/573/2022-advance-1,advance,,142779.00,attested');
  });
});

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 listing every command type, the bearer scheme and the GET routes', async () => {
    const { status, body } = await server.call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const oneOf = body.paths['/commands'].post.requestBody.content[
      'application/json'
    ].schema.oneOf.map((r: { $ref: string }) => r.$ref.split('/').pop());
    expect(oneOf.sort()).toEqual([...COMMAND_TYPES].sort());
    for (const type of COMMAND_TYPES) expect(body.components.schemas[type]).toBeDefined();
    expect(body.components.schemas.PayAdvance.properties.type.const).toBe('PayAdvance');
    expect(body.components.schemas.PayAdvance.required).toEqual(
      expect.arrayContaining(['grantId', 'paymentId', 'amount', 'orderedOn']),
    );
    expect(body.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    for (const route of [
      '/grants',
      '/grants/{id}',
      '/grants/{id}/indicators',
      '/grants/{id}/history',
      '/grants/{id}/timeline',
      '/portfolio',
      '/payments',
      '/verify',
      '/export',
    ]) {
      expect(body.paths[route]?.get).toBeDefined();
    }
    const balanceParams = body.paths['/grants/{id}'].get.parameters.map(
      (p: { name: string; in: string }) => `${p.in}:${p.name}`,
    );
    expect(balanceParams).toEqual(['path:id', 'query:asOf', 'query:asOfRecorded']);
  });
});

describe('another process writing to the same store', () => {
  it('is seen by the next read (the read models catch up before answering)', async () => {
    // given a second ledger on the same SQLite file, as the CLI's exec would open it
    const other = await openLedger({ storeUrl: `sqlite:${server.dbFile}` });
    const result = await other.execute(
      {
        type: 'ReportIndicator',
        grantId: GRANT,
        indicatorId: 'knowledge-bases',
        kind: 'report',
        title: 'Slutlig kunskapsrapport',
        deliveredOn: '2023-11-01',
      },
      { actor: 'cli@regionjh.se' },
    );
    await other.close();
    expect(result.ok).toBe(true);
    // when
    const { body } = await server.call('GET', `${GRANT_PATH}/indicators`, { who: 'viewer' });
    // then
    expect(body[0].achieved.report).toBe(1);
  });
});
