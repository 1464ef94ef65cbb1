// The edge: raw JSON in, a typed command (amounts as Decimal) or an INVALID_INPUT
// rejection with the failing path out. Never throws on bad input.
import type { z } from 'zod';
import { reject, type Rejection } from '../domain/errors.js';
import {
  LEDGER_COMMAND_SCHEMAS,
  LEDGER_COMMAND_TYPES,
  type LedgerCommand,
  type LedgerCommandType,
} from '../domain/ledger-commands.js';

export type ParseResult =
  { ok: true; command: LedgerCommand } | { ok: false; rejection: Rejection };

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function rejectionFromZod(
  error: z.ZodError,
  raw?: unknown,
  prefix: readonly PropertyKey[] = [],
): Rejection {
  const issue = error.issues[0];
  if (!issue) return reject('INVALID_INPUT', 'the input is invalid');
  const path = formatPath([...prefix, ...issue.path]);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    const at = path ? `${path}.${keys[0] ?? ''}` : (keys[0] ?? '');
    return reject(
      'INVALID_INPUT',
      `unknown field ${JSON.stringify(keys[0])}${path ? ` in ${path}` : ''}`,
      at,
    );
  }
  if (
    raw !== undefined &&
    issue.path.length > 0 &&
    valueAt(raw, issue.path) === undefined &&
    issue.code !== 'custom'
  )
    message = 'is required';
  return reject('INVALID_INPUT', `${path || 'the command'}: ${message}`, path);
}

export function parseCommand(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, rejection: reject('INVALID_INPUT', 'a command must be a JSON object', '') };
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !(LEDGER_COMMAND_TYPES as string[]).includes(type)) {
    return {
      ok: false,
      rejection: reject(
        'INVALID_INPUT',
        `type: unknown command type ${JSON.stringify(type)}; expected one of ${LEDGER_COMMAND_TYPES.join(', ')}`,
        'type',
      ),
    };
  }
  const result = LEDGER_COMMAND_SCHEMAS[type as LedgerCommandType].safeParse(raw);
  if (!result.success) return { ok: false, rejection: rejectionFromZod(result.error, raw) };
  return { ok: true, command: result.data as LedgerCommand };
}
