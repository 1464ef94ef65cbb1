// Bearer tokens of the HTTP API (interfaces.md "Auth"): a JSON file `{token: {actor, roles}}`,
// named by LEDGER_TOKENS. The actor of every event written over HTTP is the token's actor.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { normalActor } from '../../domain/actor.js';

export const ROLES = ['officer', 'finance', 'attester', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type TokenTable = Record<string, { actor: string; roles: Role[] }>;

/** Tokens shorter than this are refused: they could be guessed. */
export const MIN_TOKEN_LENGTH = 16;

const tokenEntry = z.strictObject({
  // The same rules as every other actor (domain.md "Who acts"): a name that has no normal
  // form is refused when the file is loaded, not at the first command.
  actor: z
    .string()
    .trim()
    .min(1, 'must name the person who acts')
    .max(200)
    .refine((name) => normalActor(name) !== undefined, 'is not a valid actor name'),
  roles: z.array(z.enum(ROLES)).min(1, 'must name at least one role'),
});

export const tokenTableSchema = z.record(z.string(), tokenEntry);

function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH)
    return `a token must be at least ${MIN_TOKEN_LENGTH} characters`;
  if (!/^[\x21-\x7e]+$/.test(token)) return 'a token must be printable ASCII without spaces';
  return undefined;
}

/** Validates a parsed tokens document; throws one clear sentence naming the failing entry. */
export function parseTokens(raw: unknown, source = 'tokens'): TokenTable {
  const result = tokenTableSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // Never echo a token itself: name the entry by its position instead.
    const [tokenKey, ...rest] = issue.path;
    const entry =
      typeof tokenKey === 'string' && raw && typeof raw === 'object'
        ? `entry ${Object.keys(raw).indexOf(tokenKey) + 1}`
        : 'the document';
    const where = rest.length > 0 ? `${entry}, ${rest.map(String).join('.')}` : entry;
    throw new Error(
      `${source}: ${where}: ${issue.message} (expected JSON {"<token>": {"actor": "...", "roles": [${ROLES.map((r) => `"${r}"`).join(', ')}]}})`,
    );
  }
  for (const [index, token] of Object.keys(result.data).entries()) {
    const problem = tokenProblem(token);
    if (problem) throw new Error(`${source}: entry ${index + 1}: ${problem}`);
  }
  const table: TokenTable = Object.create(null) as TokenTable;
  for (const [token, entry] of Object.entries(result.data))
    table[token] = { actor: entry.actor, roles: [...new Set(entry.roles)] };
  return table;
}

export async function loadTokens(file: string): Promise<TokenTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`tokens file ${file} cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`tokens file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseTokens(raw, `tokens file ${file}`);
}

/**
 * Fresh random tokens for the local demo: one person per role, and a second finance/attester
 * person.
 */
export function demoTokens(): TokenTable {
  const token = () => randomBytes(24).toString('base64url');
  const people: { actor: string; roles: Role[] }[] = [
    { actor: 'handlaggare@regionjh.se', roles: ['officer'] },
    { actor: 'ekonom.ordering@regionjh.se', roles: ['finance'] },
    { actor: 'ekonom.attest@regionjh.se', roles: ['attester'] },
    { actor: 'ekonom2@regionjh.se', roles: ['finance', 'attester'] },
    { actor: 'revisor@regionjh.se', roles: ['auditor'] },
    { actor: 'lasare@regionjh.se', roles: ['viewer'] },
  ];
  return Object.fromEntries(people.map((p) => [token(), p]));
}
