// Integrity from the command line: verify (exit 0 intact, 1 broken naming stream and
// revision), export jsonl that an auditor can check with their own code, the payments
// journal as CSV, and rebuild.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CLI_TIMEOUT, jsonLines, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT);

interface ExportLine {
  streamId: string;
  revision: number;
  type: string;
  version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  hash: string;
}

/** An auditor's own check, written from domain.md alone: sha256(prevHash + "\n" + JCS(fields)). */
function recomputeChains(
  lines: ExportLine[],
): { streamId: string; revision: number; ok: boolean }[] {
  const previous = new Map<string, string>();
  return lines.map((line) => {
    const { hash, ...fields } = line;
    const prev = previous.get(line.streamId) ?? '';
    const expected = createHash('sha256')
      .update(`${prev}\n${canonicalize(fields)}`)
      .digest('hex');
    previous.set(line.streamId, hash);
    return { streamId: line.streamId, revision: line.revision, ok: expected === hash };
  });
}

describe('grant-ledger verify, export and rebuild', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = workspace();
    expect((await ws.run(['demo', '--synthetic', '3'])).code).toBe(0);
  });
  afterAll(() => ws.dispose());

  test('given an untouched store, when verify runs, then the exit code is 0', async () => {
    const { code, stdout, stderr } = await ws.run(['verify']);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    // the founding case, 3 synthetic grants and the stream `reference-rates`
    expect(stdout).toMatch(/Checked 5 streams and \d+ events: every hash chain is intact/);
  });

  test('given the store, when export --format jsonl runs, then each line holds exactly the hashed fields plus hash and the chains recompute independently', async () => {
    const { code, stdout } = await ws.run(['export', '--format', 'jsonl']);

    expect(code).toBe(0);
    const lines = jsonLines(stdout) as ExportLine[];
    expect(lines.length).toBeGreaterThan(4);
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
      expect(line.metadata).not.toHaveProperty('hash');
      expect(line.metadata).toHaveProperty('actor');
      expect(line.metadata).toHaveProperty('commandId');
      expect(line.metadata).toHaveProperty('recordedAt');
    }
    const checks = recomputeChains(lines);
    expect(checks.filter((c) => !c.ok)).toEqual([]);

    const one = jsonLines((await ws.run(['export', 'RUN/573/2022'])).stdout) as ExportLine[];
    expect(one.map((l) => [l.streamId, l.revision, l.type])).toEqual([
      ['grant-RUN/573/2022', 0, 'CoFinancingApplied'],
      ['grant-RUN/573/2022', 1, 'GrantApproved'],
      ['grant-RUN/573/2022', 2, 'PaymentOrdered'],
      ['grant-RUN/573/2022', 3, 'PaymentAttested'],
    ]);
  });

  test('given the founding case, when export --format csv runs for it, then there is a header row and the advance payment', async () => {
    const { code, stdout } = await ws.run(['export', 'RUN/573/2022', '--format', 'csv']);

    expect(code).toBe(0);
    const rows = stdout.split(/\r?\n/).filter((r) => r !== '');
    expect(rows[0]).toBe(
      'grantId,paymentId,kind,claimId,amount,status,orderedOn,orderedBy,attestedOn,attestedBy,cancelledOn,cancelledBy,cancelReason,settled,bankReference,bookedOn,bookedAmount',
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toBe(
      'RUN/573/2022,RUN/573/2022-advance-1,advance,,142779.00,attested,2023-05-02,ekonom.ordering@regionjh.se,2023-05-03,ekonom.attest@regionjh.se,,,,false,,,',
    );
  });

  test('given an unknown grant, when export is asked for it, then UNKNOWN_GRANT and exit 1', async () => {
    const { code, stderr } = await ws.run(['export', 'NO/1/2020']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\[UNKNOWN_GRANT\]/);
  });

  test('given the store, when rebuild runs, then it ends with a line counting the events', async () => {
    const events = jsonLines((await ws.run(['export'])).stdout).length;

    const { code, stdout, stderr } = await ws.run(['rebuild']);

    expect(code).toBe(0);
    expect(stderr).toBe(''); // no progress bar when stderr is not a terminal
    const last = stdout.trim().split('\n').at(-1)!;
    expect(last).toMatch(new RegExp(`^Rebuilt the read models from ${events} events in 5 streams`));
    // and the read models still answer
    expect(JSON.parse((await ws.run(['balance', 'RUN/573/2022', '--json'])).stdout)).toMatchObject({
      undisbursed: '620864.00',
    });
  });

  test('given someone edited an event in the SQLite file, when verify runs, then the exit code is 1 and the stream and revision are named', async () => {
    const db = new Database(ws.db);
    try {
      const changed = db
        .prepare(
          "UPDATE events SET data = json_set(data, '$.amount', '999999.00') WHERE stream_id = ? AND revision = ?",
        )
        .run('grant-RUN/573/2022', 2).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }

    const { code, stderr } = await ws.run(['verify']);

    expect(code).toBe(1);
    expect(stderr).toMatch(/stream grant-RUN\/573\/2022 is broken at revision 2.*\[CHAIN_BROKEN\]/);

    const json = await ws.run(['verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      firstBreak: { streamId: 'grant-RUN/573/2022', revision: 2 },
    });
  });
});
