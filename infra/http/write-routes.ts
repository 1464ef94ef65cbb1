// The writes: POST /commands (one command, done as the token's actor) and POST /reconcile (a
// bank statement matched against the payments). The bank files' routes are in bank-routes.ts.
import type { FastifyInstance } from 'fastify';
import { LEDGER_COMMAND_TYPES, type LedgerCommandType } from '../../domain/ledger-commands.js';
import { boundedProblems } from '../bounded-problems.js';
import {
  INTERNAL_COMMAND,
  internalCommandRefusal,
  isInternalCommand,
} from '../internal-commands.js';
import type { CsvLayout } from '../bank/statement-csv.js';
import { reconcile } from '../reconcile.js';
import type { Principal } from './access.js';
import { fail, sendProblem, statusOfRejection, type Problem } from './problem.js';
import { COMMAND_ROLES, maySend } from './roles.js';
import type { RouteKit } from './route-kit.js';
import { StatementReports } from './statement-reports.js';

/**
 * Why the body cannot be sent as a command by this principal, checked before the ledger is
 * asked: not one JSON object, an unknown type, or a type the roles may not send.
 */
export function commandProblem(body: unknown, principal: Principal): Problem | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const message = 'the body must be one command as a JSON object';
    return { status: 400, code: 'INVALID_INPUT', message, path: '' };
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !(LEDGER_COMMAND_TYPES as string[]).includes(type)) {
    const expected = LEDGER_COMMAND_TYPES.join(', ');
    const message = `type: unknown command type ${JSON.stringify(type)}; expected one of ${expected}`;
    return { status: 400, code: 'INVALID_INPUT', message, path: 'type' };
  }
  if (isInternalCommand(type)) {
    const { message, messageSv } = internalCommandRefusal(type);
    return {
      status: 403,
      code: INTERNAL_COMMAND,
      message: `${messageSv} (${message})`,
      path: 'type',
    };
  }
  const commandType = type as LedgerCommandType;
  if (!maySend(principal.roles, commandType)) {
    const who = `${principal.actor} (${principal.roles.join(', ')})`;
    const message = `${who} may not send ${type}; it needs the role ${COMMAND_ROLES[commandType]}`;
    return { status: 403, code: 'FORBIDDEN', message, path: 'type' };
  }
  return undefined;
}

const STATEMENT_FORMATS =
  'send the bank statement as application/xml (camt.053, camt.054) ' +
  'or text/csv (bookedOn,amount,reference)';

export function registerWriteRoutes(
  app: FastifyInstance,
  kit: RouteKit,
  reconcileBodyLimit: number,
  /** ledger.config.json's `statementCsv`: a bank's own CSV layout. */
  csv?: CsvLayout,
): void {
  const { ledger } = kit;

  app.post('/commands', { onRequest: kit.guard('write') }, async (request, reply) => {
    const principal = kit.principalOf(request);
    const problem = commandProblem(request.body, principal);
    if (problem) return sendProblem(reply, problem);
    const result = await ledger.execute(request.body, { actor: principal.actor });
    if (!result.ok) {
      const { code, message, path } = result.error;
      return fail(reply, statusOfRejection(code), code, message, path);
    }
    return reply.send({
      commandId: result.commandId,
      grantId: result.grantId,
      duplicate: result.duplicate,
      events: result.events.map((e) => ({
        type: e.type,
        position: e.position,
        revision: e.revision,
        streamId: e.streamId,
        recordedAt: e.metadata.recordedAt,
      })),
    });
  });

  const reconcileOptions = { onRequest: kit.guard('reconcile'), bodyLimit: reconcileBodyLimit };
  const reports = new StatementReports();
  app.post('/reconcile', reconcileOptions, async (request, reply) => {
    if (typeof request.body !== 'string' && !Buffer.isBuffer(request.body)) {
      return fail(reply, 400, 'INVALID_INPUT', STATEMENT_FORMATS, '');
    }
    const statement = request.body as string | Buffer;
    const actor = kit.principalOf(request).actor;
    const result = await reconcile(ledger, statement, { actor, ...(csv ? { csv } : {}) });
    if (!result.ok) {
      const first = result.errors[0];
      const message = first ? `${first.at}: ${first.message}` : 'the bank statement is invalid';
      const at = first?.at ?? '';
      const status = first?.tooLarge ? 413 : 400;
      return fail(reply, status, 'INVALID_INPUT', message, at, boundedProblems(result.errors));
    }
    return reply.send(reports.keep(result));
  });

  app.get('/reconcile/reports/:reportId', reconcileOptions, async (request, reply) => {
    const { reportId } = request.params as { reportId: string };
    const report = reports.get(reportId);
    if (!report) {
      const message = `there is no statement report ${reportId} (the newest 20 are kept)`;
      return fail(reply, 404, 'NOT_FOUND', message, 'reportId');
    }
    return reply.send(report);
  });
}
