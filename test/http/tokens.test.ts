// The tokens file: validated with a clear error that never echoes a token.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoTokens, loadTokens } from '../../infra/http/tokens.js';
import { COMMAND_ROLES, may, maySend, mayWrite } from '../../infra/http/roles.js';
import { LEDGER_COMMAND_TYPES as COMMAND_TYPES } from '../../domain/ledger-commands.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'grant-ledger-tokens-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: string): Promise<string> {
  const f = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(f, content);
  return f;
}

describe('loadTokens', () => {
  it('reads {token: {actor, roles}}', async () => {
    const f = await file(
      JSON.stringify({
        'a-long-enough-token-1': { actor: 'anna@regionjh.se', roles: ['finance', 'attester'] },
      }),
    );
    expect(await loadTokens(f)).toEqual({
      'a-long-enough-token-1': { actor: 'anna@regionjh.se', roles: ['finance', 'attester'] },
    });
  });

  it('refuses an unknown role, a missing actor, a short token, bad JSON and a missing file with one clear sentence', async () => {
    await expect(
      loadTokens(
        await file(JSON.stringify({ 'a-long-enough-token-1': { actor: 'a', roles: ['admin'] } })),
      ),
    ).rejects.toThrow(/entry 1, roles\.0/);
    await expect(
      loadTokens(await file(JSON.stringify({ 'a-long-enough-token-1': { roles: ['viewer'] } }))),
    ).rejects.toThrow(/entry 1, actor/);
    await expect(
      loadTokens(await file(JSON.stringify({ short: { actor: 'a', roles: ['viewer'] } }))),
    ).rejects.toThrow(/at least 16 characters/);
    await expect(loadTokens(await file('{nope'))).rejects.toThrow(/not valid JSON/);
    await expect(loadTokens(path.join(dir, 'missing.json'))).rejects.toThrow(/cannot be read/);
    await expect(
      loadTokens(
        await file(JSON.stringify({ 'secret-token-value-xyz': { actor: '', roles: [] } })),
      ),
    ).rejects.not.toThrow(/secret-token-value-xyz/);
  });
});

describe('demoTokens and roles', () => {
  it('gives one random token per role and a second finance/attester person', () => {
    const tokens = demoTokens();
    const entries = Object.values(tokens);
    for (const role of ['officer', 'finance', 'attester', 'auditor', 'viewer'] as const)
      expect(entries.some((e) => e.roles.includes(role))).toBe(true);
    expect(entries.filter((e) => e.roles.includes('finance')).length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(tokens).every((t) => t.length >= 24)).toBe(true);
    expect(Object.keys(demoTokens())).not.toEqual(Object.keys(tokens));
  });

  it('gives every command type exactly one role, and none to viewer or auditor', () => {
    expect(Object.keys(COMMAND_ROLES).sort()).toEqual([...COMMAND_TYPES].sort());
    expect(mayWrite(['viewer'])).toBe(false);
    expect(mayWrite(['auditor'])).toBe(false);
    expect(maySend(['finance'], 'AttestPayment')).toBe(false);
    expect(maySend(['attester'], 'AttestPayment')).toBe(true);
    expect(may(['viewer'], 'history')).toBe(false);
    expect(may(['auditor'], 'export')).toBe(true);
  });
});
