// A real server over HTTP on a SQLite file in a temp dir, and tokens for every role.
import { COMMAND_ROLES } from '../../infra/http/roles.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../commands/clock.js';
import { openLedger } from '../../infra/open-ledger.js';
import type { Ledger } from '../../infra/ledger.js';
import { startServer, type AppOptions } from '../../infra/http/server.js';
import type { LedgerConfig } from '../../infra/config.js';
import type { TokenTable } from '../../infra/http/tokens.js';
import { FOUNDING_CASE_COMMANDS } from '../../infra/demo/founding-case.js';

export const TOKENS = {
  officer: 'tok-officer-6f1d2c3b4a59',
  finance: 'tok-finance-0a9b8c7d6e5f',
  attester: 'tok-attester-1b2c3d4e5f60',
  both: 'tok-both-finance-attester-77',
  auditor: 'tok-auditor-9e8d7c6b5a41',
  viewer: 'tok-viewer-3c4d5e6f7a8b9',
} as const;

export const ACTORS = {
  officer: 'officer@regionjh.se',
  finance: 'ekonom.ordering@regionjh.se',
  attester: 'ekonom.attest@regionjh.se',
  both: 'ekonom2@regionjh.se',
  auditor: 'revisor@regionjh.se',
  viewer: 'lasare@regionjh.se',
} as const;

export const TOKEN_TABLE: TokenTable = {
  [TOKENS.officer]: { actor: ACTORS.officer, roles: ['officer'] },
  [TOKENS.finance]: { actor: ACTORS.finance, roles: ['finance'] },
  [TOKENS.attester]: { actor: ACTORS.attester, roles: ['attester'] },
  [TOKENS.both]: { actor: ACTORS.both, roles: ['finance', 'attester'] },
  [TOKENS.auditor]: { actor: ACTORS.auditor, roles: ['auditor'] },
  [TOKENS.viewer]: { actor: ACTORS.viewer, roles: ['viewer'] },
};

export type Who = keyof typeof TOKENS;

export interface TestServer {
  url: string;
  ledger: Ledger;
  dbFile: string;
  close(): Promise<void>;
  /** JSON request as `who` (undefined: no Authorization header). */
  call(
    method: string,
    route: string,
    options?: {
      who?: Who;
      body?: unknown;
      raw?: string | Buffer;
      contentType?: string;
      token?: string;
    },
  ): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  /** Sends a command with the role its type needs (officer/finance/attester), or as `who`. */
  send(command: Record<string, unknown>, who?: Who): Promise<{ status: number; body: any }>;
}

/** The role each command type needs: the server's own table (interfaces.md "Auth"). */
const ROLE_OF: Record<string, Who> = COMMAND_ROLES;

export async function startTestServer(
  options: {
    bodyLimit?: number;
    clock?: Clock;
    storeUrl?: (dir: string) => string;
    config?: LedgerConfig;
    app?: Partial<Omit<AppOptions, 'ledger' | 'tokens'>>;
  } = {},
): Promise<TestServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grant-ledger-http-'));
  const dbFile = path.join(dir, 'ledger.db');
  const ledger = await openLedger({
    storeUrl: options.storeUrl ? options.storeUrl(dir) : `sqlite:${dbFile}`,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = await startServer({
    ledger,
    port: 0,
    host: '127.0.0.1',
    tokens: TOKEN_TABLE,
    config: options.config ?? {},
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...options.app,
  });

  const call: TestServer['call'] = async (method, route, o = {}) => {
    const headers: Record<string, string> = {};
    const token = o.token ?? (o.who ? TOKENS[o.who] : undefined);
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | undefined;
    if (o.raw !== undefined) {
      body = o.raw;
      headers['content-type'] = o.contentType ?? 'application/json';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = o.contentType ?? 'application/json';
    }
    const response = await fetch(server.url + route, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  };

  return {
    url: server.url,
    ledger,
    dbFile,
    call,
    send: (command, who) =>
      call('POST', '/commands', {
        who: who ?? ROLE_OF[String(command.type)] ?? 'finance',
        body: command,
      }),
    async close() {
      await server.close();
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The founding case sent over HTTP, each command by the role its type needs. */
export async function loadFoundingCase(server: TestServer): Promise<void> {
  for (const command of FOUNDING_CASE_COMMANDS) {
    const result = await server.send(command);
    if (result.status !== 200)
      throw new Error(
        `founding case: ${String(command.type)} → ${result.status} ${JSON.stringify(result.body)}`,
      );
  }
}

export const GRANT = 'RUN/573/2022';
export const GRANT_PATH = `/grants/${encodeURIComponent(GRANT)}`;
