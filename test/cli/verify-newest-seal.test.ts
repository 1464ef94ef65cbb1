// domain.md "Seals": plain `verify` holds the ledger against the newest seal in its own
// `seals` stream and names it, so a tail cut after the seal, or a sealed stream deleted,
// is caught without a seal file. The real CLI on a real SQLite file; the cut is made with
// plain SQL behind the ledger's back, as an intruder with the file would.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { sqliteIntruder } from '../contract/intruder.js';
import { CLI_TIMEOUT, grantWithAdvance, toJsonl, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT);

describe('verify against the newest recorded seal', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = workspace();
    const commands = [
      ...grantWithAdvance('CUT/1/2023', '40000'),
      ...grantWithAdvance('GONE/2/2023', '40000'),
    ];
    expect((await ws.run(['exec', ws.write('c.jsonl', toJsonl(commands))])).code).toBe(0);
  });
  afterAll(() => ws.dispose());

  test('given a ledger never sealed, when verified, then it passes and says a cut tail cannot be seen', async () => {
    const run = await ws.run(['verify']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/no seal yet/);
  });

  test('given a sealed ledger, when its tail is cut and a sealed stream deleted, then plain verify fails naming both streams and the seal it used', async () => {
    const sealed = await ws.run(['seal']);
    expect(sealed.code).toBe(0);
    const sealedAt = /"sealedAt": "([^"]+)"/.exec(sealed.stdout)![1]!;
    const intact = await ws.run(['verify', '--json']);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({
      ok: true,
      newestSeal: { ok: true, sealedAt },
    });

    // when the newest event of one grant and the whole stream of another are deleted
    const sql = sqliteIntruder(ws.db);
    const cut = await sql(
      `DELETE FROM events WHERE stream_id = ? AND revision = (SELECT MAX(revision) FROM events WHERE stream_id = ?)`,
      'grant-CUT/1/2023',
      'grant-CUT/1/2023',
    );
    expect(cut).toBe(1);
    expect(await sql('DELETE FROM events WHERE stream_id = ?', 'grant-GONE/2/2023')).toBe(4);

    // then every hash chain left is intact, but the seal does not hold
    const run = await ws.run(['verify']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/every hash chain is intact/);
    expect(run.stdout).toContain(`newest seal in the ledger (sealed ${sealedAt}`);
    expect(run.stdout).toMatch(/does NOT hold/);
    expect(run.stdout).toMatch(/Only a seal kept outside the ledger/);
    expect(run.stderr).toMatch(
      /Stream grant-CUT\/1\/2023 was cut short: .* revision 3, it now ends at revision 2/,
    );
    expect(run.stderr).toMatch(/Stream grant-GONE\/2\/2023 was removed/);
    const json = JSON.parse((await ws.run(['verify', '--json'])).stdout);
    expect(json).toMatchObject({ ok: false, newestSeal: { ok: false, sealedAt } });
    expect(json.newestSeal.problems.map((p: { kind: string }) => p.kind).sort()).toEqual([
      'cut-short',
      'removed',
    ]);
  });
});
