// interfaces.md "Operations" and "Bank files": every error, the HTTP framework's own
// included (a bad percent-encoding, a malformed header), comes in the one problem format
// with the request id; an id in a URL is NFC-normalised; ExportPayment is the ledger's own.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadFoundingCase, startTestServer, type TestServer } from './support.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await loadFoundingCase(server);
});
afterAll(async () => {
  await server.close();
});

const problem = (code: string) => ({
  error: {
    code,
    message: expect.any(String),
    path: expect.any(String),
    requestId: expect.any(String),
  },
});

/** Sends raw bytes, as a broken client would, and reads the whole answer. */
function rawRequest(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(bytes));
    let answer = '';
    socket.setEncoding('utf8').on('data', (c: string) => (answer += c));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the framework’s own errors', () => {
  test('given a path with a broken percent-encoding, when it is asked for, then 400 INVALID_INPUT comes in the problem format with the request id of the header', async () => {
    const answer = await server.call('GET', '/grants/RUN%E0%A4%A/2022', { who: 'viewer' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(problem('INVALID_INPUT'));
    expect(answer.body.error.requestId).toBe(answer.headers.get('x-request-id'));
  });

  test.each([
    [
      'a header line without a colon',
      'GET /health HTTP/1.1\r\nHost: x\r\nthis is no header\r\n\r\n',
    ],
    ['a control character in a header', 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n'],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n'],
  ])(
    'given %s, when it arrives, then 400 BAD_REQUEST comes in the problem format with a request id',
    async (_what, bytes) => {
      const answer = await rawRequest(server.url, bytes);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      const requestId = /x-request-id: (\S+)/i.exec(head!)?.[1];
      expect(JSON.parse(body!)).toEqual(problem('BAD_REQUEST'));
      expect(JSON.parse(body!).error.requestId).toBe(requestId);
    },
  );
});

describe('ids in URLs', () => {
  test('given a grant recorded as "RUN/Å/2024", when asked for with Å as A and a combining ring, then it is found', async () => {
    const decomposed = 'RUN/A\u030a/2024';
    const applied = await server.send({
      type: 'ApplyForCoFinancing',
      grantId: decomposed,
      applicant: { name: 'Åre ek. för.' },
      title: 'Ett projekt',
      requestedAmount: '100000',
      projectPeriod: { start: '2024-01-01', end: '2024-12-31' },
      submittedOn: '2023-11-01',
    });
    expect(applied.status).toBe(200);
    expect(applied.body.grantId).toBe('RUN/\u00c5/2024');
    for (const id of [decomposed, 'RUN/\u00c5/2024']) {
      const answer = await server.call('GET', `/grants/${encodeURIComponent(id)}`, {
        who: 'viewer',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.grantId).toBe('RUN/\u00c5/2024');
      const payments = await server.call('GET', `/payments?grantId=${encodeURIComponent(id)}`, {
        who: 'viewer',
      });
      expect(payments.status).toBe(200);
    }
  });
});

describe('ExportPayment', () => {
  test('given finance, when ExportPayment is sent to POST /commands, then 403 INTERNAL_COMMAND in Swedish and nothing is recorded; /me does not offer it', async () => {
    const before = await server.call('GET', '/events/latest?limit=1', { who: 'auditor' });
    const answer = await server.send(
      {
        type: 'ExportPayment',
        grantId: 'RUN/573/2022',
        paymentId: 'RUN/573/2022-advance-1',
        fileId: 'PAY-2023-05-03-1',
        executionDate: '2023-05-04',
        createdAt: '2023-05-03T14:00:00Z',
        debtor: { name: 'Region Jämtland Härjedalen', bankgiro: '5050-1055' },
      },
      'finance',
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(problem('INTERNAL_COMMAND'));
    expect(answer.body.error.message).toMatch(/bankfil/);
    const after = await server.call('GET', '/events/latest?limit=1', { who: 'auditor' });
    expect(after.body).toEqual(before.body);
    const me = await server.call('GET', '/me', { who: 'finance' });
    expect(me.body.commands).not.toContain('ExportPayment');
    expect(me.body.commands).toContain('PayAdvance');
  });
});
