// `grant-ledger exec`: JSON Lines in (a file or stdin), one JSON result line per command out,
// exit 0 when every command succeeded, 1 when any was rejected, 2 for usage errors.
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import {
  CLI_TIMEOUT,
  grantWithAdvance,
  jsonLines,
  toJsonl,
  workspace,
  type Workspace,
} from './support.js';

jest.setTimeout(CLI_TIMEOUT);

type ExecLine =
  | { ok: true; commandId: string; events: { type: string; position: number }[] }
  | { ok: false; error: { code: string; message: string; path: string } };

describe('grant-ledger exec', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => ws.dispose());

  test('given a file of valid commands, when exec runs it, then every line is ok with its events and the exit code is 0', async () => {
    const file = ws.write('ok.jsonl', toJsonl(grantWithAdvance('T/1/2023', '20000')));

    const { code, stdout, stderr } = await ws.run(['exec', file]);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = jsonLines(stdout) as ExecLine[];
    expect(lines.map((l) => l.ok)).toEqual([true, true, true, true]);
    expect(lines[0]).toEqual({
      ok: true,
      commandId: 'T/1/2023:apply',
      events: [{ type: 'CoFinancingApplied', position: expect.any(Number) }],
    });
    expect(lines.flatMap((l) => (l.ok ? l.events.map((e) => e.type) : []))).toEqual([
      'CoFinancingApplied',
      'GrantApproved',
      'PaymentOrdered',
      'PaymentAttested',
    ]);
  });

  test('given mixed lines on stdin (ok, rule violation, not JSON, blank, bad input), when exec reads -, then each gets its result line, blanks are skipped and the exit code is 1', async () => {
    const [apply, decide] = grantWithAdvance('T/2/2023', '20000');
    const input = [
      JSON.stringify(apply),
      '',
      '   ',
      // ALREADY_EXISTS
      JSON.stringify({ ...apply, meta: { actor: 'registrar@test', commandId: 'second-apply' } }),
      '{"type": "GrantDecision", oops',
      // bad amount
      JSON.stringify({ ...decide, terms: { ...(decide!.terms as object), cap: '12.345' } }),
      JSON.stringify(decide),
    ].join('\n');

    const { code, stdout } = await ws.run(['exec', '-'], { stdin: input });

    expect(code).toBe(1);
    const lines = jsonLines(stdout) as ExecLine[];
    expect(lines).toHaveLength(5);
    expect(lines[0]!.ok).toBe(true);
    expect(lines[1]).toEqual({
      ok: false,
      error: { code: 'ALREADY_EXISTS', message: expect.any(String), path: 'grantId' },
    });
    expect(lines[2]).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringContaining('line 5 is not JSON'),
        path: '',
      },
    });
    expect(lines[3]).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.any(String), path: 'terms.cap' },
    });
    expect(lines[4]!.ok).toBe(true);
  });

  test('given commands without an actor, when exec runs with --actor, then the actor is used; and a repeated commandId appends nothing', async () => {
    const [apply] = grantWithAdvance('T/3/2023', '20000');
    const { meta: _ignored, ...withoutActor } = apply as Record<string, unknown>;
    const line = JSON.stringify({ ...withoutActor, meta: { commandId: 'once' } });

    const noActor = await ws.run(['exec'], { stdin: `${line}\n` });
    expect(noActor.code).toBe(1);
    expect((jsonLines(noActor.stdout)[0] as ExecLine & { ok: false }).error).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'meta.actor',
    });

    const first = await ws.run(['exec', '--actor', 'cli-user@test'], {
      stdin: `${line}\n${line}\n`,
    });
    expect(first.code).toBe(0);
    const [a, b] = jsonLines(first.stdout) as ExecLine[];
    expect(a).toEqual(b); // the second is the first result again, nothing appended

    const history = await ws.run(['history', 'T/3/2023', '--json']);
    const entries = JSON.parse(history.stdout) as { actor: string }[];
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor).toBe('cli-user@test');
  });

  test('given a file that does not exist, when exec is asked to read it, then it is a usage error: exit 2 and one sentence with the code on stderr', async () => {
    const { code, stdout, stderr } = await ws.run(['exec', 'no-such-file.jsonl']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/no such file.*\[USAGE\]/);
  });

  test('given an unknown option, when exec is called, then the exit code is 2', async () => {
    const { code, stderr } = await ws.run(['exec', '--bogus']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\[USAGE\]/);
  });
});
