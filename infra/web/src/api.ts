// The desk talks only to the server that served it (relative URLs; the page's CSP
// allows no other origin), with the signed-in person's bearer token.
import type { CommandType } from '../../../domain/grant/commands.js';
import type { GrantCommandInput } from '../../../domain/ledger-commands.js';

const TOKEN_KEY = 'grant-ledger.token';

/** Where the token is when the person signed in at the region's provider (sign-in.ts). */
let inMemory: { token: () => string | null; clear: () => void } | undefined;

/**
 * A token of the tokens file lives in this tab's sessionStorage only: gone when the tab
 * closes. One from the region's provider lives in memory only (sign-in.ts).
 */
export const session = {
  token: (): string | null => (inMemory ? inMemory.token() : sessionStorage.getItem(TOKEN_KEY)),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => {
    inMemory?.clear();
    sessionStorage.removeItem(TOKEN_KEY);
  },
  useMemory: (source: { token: () => string | null; clear: () => void }): void => {
    inMemory = source;
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/**
 * A ready link (`/#token=…`, as `npm start` prints it) signs in once: the fragment never
 * reaches a server, and it is taken off the address bar and out of the history at once.
 */
export function takeTokenFromAddress(): boolean {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return false;
  session.set(decodeURIComponent(match[1]!));
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  return true;
}

export interface ApiErrorBody {
  error?: { code?: string; message?: string; path?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${session.token() ?? ''}`,
    Accept: 'application/json',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'omit',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const parsed = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const e = (parsed as ApiErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      e?.code ?? `HTTP_${response.status}`,
      e?.message ?? `HTTP ${response.status}`,
      e?.path ?? '',
    );
  }
  return parsed as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body);

export interface Me {
  actor: string;
  roles: string[];
  permissions: string[];
  commands: CommandType[];
}

export interface Recorded {
  commandId: string;
  grantId: string;
  duplicate: boolean;
  events: {
    type: string;
    position: number;
    revision: number;
    streamId: string;
    recordedAt: string;
  }[];
}

/** POST /commands: a command typed as the server's schema reads it. */
export const sendCommand = (command: GrantCommandInput): Promise<Recorded> =>
  post<Recorded>('/commands', command);

export const grantPath = (grantId: string, rest = ''): string =>
  `/grants/${encodeURIComponent(grantId)}${rest}`;
