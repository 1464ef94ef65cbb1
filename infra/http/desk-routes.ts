// The routes the finance desk (the dashboard) reads beside the projections: the
// worklists of the caller's roles, a grant's claims with their cost lines, its
// recoveries, and the newest events of the ledger for auditors.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { GrantState } from '../../domain/grant/state.js';
import { auditEntryOf } from '../../projections/audit.js';
import { claimsOf } from '../../projections/claims.js';
import { bankFilesOf, recoveriesOf } from '../../projections/recoveries.js';
import { foldGrant, type AsOf } from '../../projections/grant-fold.js';
import { grantsNeedingState, worklistsOf } from '../../projections/worklists.js';
import { latestEvents } from '../eventstore/latest.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import type { Ledger } from '../ledger.js';
import { grantIdParam, latestEventsQuery, timeTravelQuery } from './queries.js';
import type { Permission } from './roles.js';
import type { Role } from './tokens.js';

/** What a route module needs of the server: authentication, validation and error replies. */
export interface RouteKit {
  ledger: Ledger;
  guard(permission: Permission): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  principalOf(request: FastifyRequest): { actor: string; roles: Role[] };
  parse<S extends z.ZodType>(schema: S, raw: unknown, reply: FastifyReply): z.output<S> | undefined;
  fail(reply: FastifyReply, status: number, code: string, message: string, path?: string): unknown;
}

export function registerDeskRoutes(app: FastifyInstance, kit: RouteKit): void {
  const { ledger } = kit;
  const streamOf = async (grantId: string): Promise<StoredEvent[]> => {
    const events: StoredEvent[] = [];
    for await (const e of ledger.events(grantId)) events.push(e);
    return events;
  };
  const grantAndTime = (request: FastifyRequest, reply: FastifyReply): { grantId: string; at: AsOf } | undefined => {
    const id = kit.parse(grantIdParam, request.params, reply)?.id;
    const q = id === undefined ? undefined : kit.parse(timeTravelQuery, request.query, reply);
    if (id === undefined || !q) return undefined;
    return { grantId: id, at: { ...(q.asOf !== undefined ? { asOf: q.asOf } : {}), ...(q.asOfRecorded !== undefined ? { asOfRecorded: q.asOfRecorded } : {}) } };
  };
  const unknownGrant = (reply: FastifyReply, grantId: string) => kit.fail(reply, 404, 'UNKNOWN_GRANT', `there is no grant ${grantId}`, 'id');

  app.get('/worklists', { onRequest: kit.guard('projections') }, async (request, reply) => {
    const { actor, roles } = kit.principalOf(request);
    const today = ledger.today();
    const [balances, payments] = await Promise.all([ledger.grants(), ledger.payments()]);
    const states = new Map<string, GrantState>();
    for (const grantId of grantsNeedingState(balances, payments, today)) states.set(grantId, foldGrant(await streamOf(grantId)));
    const lists = worklistsOf({ today, actor, roles, balances, payments, states });
    return reply.send({ today, actor, lists });
  });

  app.get('/grants/:id/claims', { onRequest: kit.guard('projections') }, async (request, reply) => {
    const asked = grantAndTime(request, reply);
    if (!asked) return reply;
    const stream = await streamOf(asked.grantId);
    if (stream.length === 0) return unknownGrant(reply, asked.grantId);
    return reply.send(claimsOf(stream, asked.at));
  });

  app.get('/grants/:id/recoveries', { onRequest: kit.guard('projections') }, async (request, reply) => {
    const asked = grantAndTime(request, reply);
    if (!asked) return reply;
    const stream = await streamOf(asked.grantId);
    if (stream.length === 0) return unknownGrant(reply, asked.grantId);
    return reply.send(recoveriesOf(asked.grantId, foldGrant(stream, asked.at)));
  });

  /** Which bank file each of the grant's payments went out in (PaymentExported), by payment. */
  app.get('/grants/:id/bank-files', { onRequest: kit.guard('projections') }, async (request, reply) => {
    const asked = grantAndTime(request, reply);
    if (!asked) return reply;
    const stream = await streamOf(asked.grantId);
    if (stream.length === 0) return unknownGrant(reply, asked.grantId);
    return reply.send(bankFilesOf(foldGrant(stream, asked.at)));
  });

  /** The newest events of every grant, newest first: the auditor's view of what just happened. */
  app.get('/events/latest', { onRequest: kit.guard('history') }, async (request, reply) => {
    const q = kit.parse(latestEventsQuery, request.query, reply);
    if (!q) return reply;
    const events = await latestEvents(ledger.store, q.limit);
    return reply.send(events.reverse().map(auditEntryOf));
  });
}
