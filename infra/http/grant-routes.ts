// One grant's reads and the list of grants: GET /grants, /grants/:id (its balance),
// /grants/:id/indicators, /grants/:id/timeline and /grants/:id/history, each as of a moment
// when asOf or asOfRecorded is given. The desk's further reads of a grant are in desk-routes.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AsOf } from '../../projections/grant-fold.js';
import { timelineOf } from '../../projections/timeline.js';
import { grantExists, streamOf } from './grant-streams.js';
import { sendProblem, unknownGrant } from './problem.js';
import { grantsQuery } from './queries.js';
import { grantAndTimeOf, parse } from './request-input.js';
import type { RouteKit } from './route-kit.js';

export function registerGrantRoutes(app: FastifyInstance, kit: RouteKit): void {
  const { ledger } = kit;
  const reading = { onRequest: kit.guard('projections') };

  app.get('/grants', reading, async (request, reply) => {
    const q = parse(grantsQuery, request.query);
    if (!q.ok) return sendProblem(reply, q.problem);
    return reply.send(await ledger.grants(q.value.status));
  });

  /** A figure of one grant as of the moment asked, or 404 when the grant had none then. */
  const figureRoute =
    (read: (grantId: string, at: AsOf) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const asked = grantAndTimeOf(request);
      if (!asked.ok) return sendProblem(reply, asked.problem);
      const { grantId, at } = asked.value;
      const figure = await read(grantId, at);
      return figure ? reply.send(figure) : unknownGrant(reply, grantId, at);
    };
  app.get(
    '/grants/:id',
    reading,
    figureRoute((id, at) => ledger.balance(id, at)),
  );
  app.get(
    '/grants/:id/indicators',
    reading,
    figureRoute((id, at) => ledger.indicators(id, at)),
  );

  app.get('/grants/:id/timeline', reading, async (request, reply) => {
    const asked = grantAndTimeOf(request);
    if (!asked.ok) return sendProblem(reply, asked.problem);
    const { grantId, at } = asked.value;
    const stream = await streamOf(ledger, grantId);
    if (stream.length === 0) return unknownGrant(reply, grantId);
    return reply.send(timelineOf(grantId, stream, at));
  });

  app.get('/grants/:id/history', { onRequest: kit.guard('history') }, async (request, reply) => {
    const asked = grantAndTimeOf(request);
    if (!asked.ok) return sendProblem(reply, asked.problem);
    const { grantId, at } = asked.value;
    const history = await ledger.history(grantId, at);
    if (history.length === 0 && !(await grantExists(ledger, grantId))) {
      return unknownGrant(reply, grantId);
    }
    return reply.send(history);
  });
}
