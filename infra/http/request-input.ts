// A request's parameters and query read through their zod schemas (queries.ts). Reading
// returns a result, never writes the reply: the route decides what to answer.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { rejectionFromZod } from '../../commands/parse.js';
import type { AsOf } from '../../projections/grant-fold.js';
import type { Problem } from './problem.js';
import { grantIdParam, timeTravelQuery } from './queries.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** The input as the schema's output, or 400 INVALID_INPUT naming the first failing field. */
export function parse<S extends z.ZodType>(schema: S, raw: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return { ok: true, value: result.data };
  const rejection = rejectionFromZod(result.error, raw);
  const { message, path } = rejection;
  return { ok: false, problem: { status: 400, code: 'INVALID_INPUT', message, path } };
}

/** Only the time-travel keys that were given, so an absent one is not an explicit undefined. */
export function asOfOf(q: { asOf?: string | undefined; asOfRecorded?: string | undefined }): AsOf {
  return {
    ...(q.asOf !== undefined ? { asOf: q.asOf } : {}),
    ...(q.asOfRecorded !== undefined ? { asOfRecorded: q.asOfRecorded } : {}),
  };
}

export function timeTravelOf(request: FastifyRequest): Parsed<AsOf> {
  const q = parse(timeTravelQuery, request.query);
  return q.ok ? { ok: true, value: asOfOf(q.value) } : q;
}

/** `/grants/:id…?asOf=&asOfRecorded=`: the id is checked first, then the moment. */
export function grantAndTimeOf(request: FastifyRequest): Parsed<{ grantId: string; at: AsOf }> {
  const id = parse(grantIdParam, request.params);
  if (!id.ok) return id;
  const at = timeTravelOf(request);
  if (!at.ok) return at;
  return { ok: true, value: { grantId: id.value.id, at: at.value } };
}
