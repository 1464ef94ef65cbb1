// The error replies of the HTTP API (interfaces.md "HTTP API"): one JSON shape for every
// failure, `{ error: { code, message, path, requestId } }`, with the status that says its kind.
import type { FastifyReply } from 'fastify';
import type { AsOf } from '../../projections/grant-fold.js';

/** A failure a route answers with, before it is written to the reply. */
export interface Problem {
  status: number;
  code: string;
  message: string;
  path: string;
}

/** Every error body names its request (as the x-request-id header does), to find it in the log. */
export function fail(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  path = '',
  extra: Record<string, unknown> = {},
): FastifyReply {
  const body = { error: { code, message, path, requestId: reply.request.id, ...extra } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return fail(reply, problem.status, problem.code, problem.message, problem.path);
}

/** A rejection's status: bad input 400, a lost race 409, a broken business rule 422. */
export function statusOfRejection(code: string): number {
  if (code === 'INVALID_INPUT') return 400;
  if (code === 'CONCURRENCY_CONFLICT') return 409;
  return 422;
}

/** 404 for a grant id no stream has (or had not yet at the moment asked). */
export function unknownGrant(reply: FastifyReply, grantId: string, at: AsOf = {}): FastifyReply {
  const when = at.asOf || at.asOfRecorded ? ' as of the moment asked' : '';
  return fail(reply, 404, 'UNKNOWN_GRANT', `there is no grant ${grantId}${when}`, 'id');
}
