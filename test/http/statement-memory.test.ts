// interfaces.md "Operations": large uploads. The real `serve` process takes a camt.053
// statement of just under 20 MiB (the largest accepted) with some 50 000 entries, parsed in
// chunks; meanwhile /health is asked every 50 ms and keeps answering 200. The answer is a
// summary: counts, at most 100 rows a kind, and a report id that gives the whole report.
// The peak resident memory above idle (VmHWM) and the slowest /health are printed: the
// targets of 256 MiB and 200 ms are not yet met on every machine (see docs/statements.md),
// so they are measured here, not asserted.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CLI_TIMEOUT, workspace, type Workspace } from '../cli/support.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

jest.setTimeout(CLI_TIMEOUT);

const MIB = 1024 * 1024;
const FINANCE = 'finance-token-memory';
const TOKENS = { [FINANCE]: { actor: 'ekonom@region.se', roles: ['finance'] } };

/** A camt.053 of `bytes` (just under), one booked debit a payment the ledger does not know. */
function statementOf(bytes: number): string {
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">' +
    '<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2023-05-05T22:01:13</CreDtTm></GrpHdr>' +
    '<Stmt><Id>S</Id><CreDtTm>2023-05-05T22:01:13</CreDtTm><Acct><Id><Othr><Id>50501055</Id></Othr></Id></Acct>';
  const tail = '</Stmt></BkToCstmrStmt></Document>\n';
  const entry = (i: number) =>
    `<Ntry><NtryRef>${i}</NtryRef><Amt Ccy="SEK">100.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>` +
    `<BookgDt><Dt>2023-05-03</Dt></BookgDt><AcctSvcrRef>R${i}</AcctSvcrRef><NtryDtls><TxDtls><Refs>` +
    `<EndToEndId>GL-${i.toString(16).padStart(32, '0')}</EndToEndId></Refs><AmtDtls><TxAmt>` +
    `<Amt Ccy="SEK">100.00</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>Bidrag RUN/${i}/2022 förskott</Ustrd>` +
    `</RmtInf></TxDtls></NtryDtls></Ntry>\n`;
  const parts = [head];
  let size = Buffer.byteLength(head + tail);
  for (let i = 0; ; i++) {
    const next = entry(i);
    const length = Buffer.byteLength(next);
    if (size + length > bytes) break;
    parts.push(next);
    size += length;
  }
  parts.push(tail);
  return parts.join('');
}

/** VmRSS and VmHWM (peak) of a process, in bytes (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

const suite = fs.existsSync('/proc/self/status') ? describe : describe.skip;
if (!fs.existsSync('/proc/self/status'))
  console.warn('SKIPPED statement memory test: no /proc to read a process’s peak memory from');

suite('a 20 MiB statement posted to serve', () => {
  let ws: Workspace;
  let serve: ServeProcess;
  beforeAll(async () => {
    ws = workspace();
    serve = await startServe(ws, ws.store, TOKENS);
  });
  afterAll(async () => {
    await serve.stop();
    ws.dispose();
  });

  test('given serve idle, when a statement of just under 20 MiB is posted, then /health keeps answering, the answer is a summary and the whole report comes by its id', async () => {
    const statement = statementOf(20 * MIB - 1024);
    // given serve warmed up (a small statement through the same path) and idle
    const small = statementOf(64 * 1024);
    const post = (body: string) =>
      fetch(`${serve.url}/reconcile`, {
        method: 'POST',
        headers: { authorization: `Bearer ${FINANCE}`, 'content-type': 'application/xml' },
        body,
      });
    expect((await post(small)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = memoryOf(serve.child.pid!).rss;

    // when the large one is posted, /health is asked every 50 ms
    let done = false;
    const healthMs: number[] = [];
    const health = (async () => {
      while (!done) {
        const started = performance.now();
        const answer = await fetch(`${serve.url}/health`);
        healthMs.push(performance.now() - started);
        expect(answer.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const answer = await post(statement);
    done = true;
    await health;
    const body = (await answer.json()) as Record<string, any>;

    // then
    const peakAbove = (memoryOf(serve.child.pid!).peak - idle) / MIB;
    const slowest = Math.max(...healthMs);
    console.info(
      `20 MiB statement: ${body.counts?.unknownInBank} entries, peak ${peakAbove.toFixed(0)} MiB above idle, ` +
        `${healthMs.length} /health answers, slowest ${slowest.toFixed(0)} ms`,
    );
    expect(answer.status).toBe(200);
    expect(body.counts.unknownInBank).toBeGreaterThan(40_000);
    expect(body.unknownInBank).toHaveLength(100);
    expect(body.truncated).toBe(true);
    expect(healthMs.length).toBeGreaterThan(3);
    const full = await fetch(`${serve.url}/reconcile/reports/${body.reportId}`, {
      headers: { authorization: `Bearer ${FINANCE}` },
    });
    expect(((await full.json()) as { unknownInBank: unknown[] }).unknownInBank).toHaveLength(
      body.counts.unknownInBank,
    );
  });
});
