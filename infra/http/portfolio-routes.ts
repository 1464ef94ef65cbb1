// The reads across grants: GET /portfolio (by appropriation), /payments (all, or one grant's
// as of a moment) and /reference-rates.
import type { FastifyInstance } from 'fastify';
import { grantExists } from './grant-streams.js';
import { sendProblem, unknownGrant } from './problem.js';
import { paymentsQuery, portfolioQuery } from './queries.js';
import { asOfOf, parse, timeTravelOf } from './request-input.js';
import type { RouteKit } from './route-kit.js';

export function registerPortfolioRoutes(app: FastifyInstance, kit: RouteKit): void {
  const { ledger } = kit;
  const reading = { onRequest: kit.guard('projections') };

  app.get('/reference-rates', reading, async (request, reply) => {
    const at = timeTravelOf(request);
    if (!at.ok) return sendProblem(reply, at.problem);
    return reply.send(await ledger.referenceRateLines(at.value));
  });

  app.get('/portfolio', reading, async (request, reply) => {
    const q = parse(portfolioQuery, request.query);
    if (!q.ok) return sendProblem(reply, q.problem);
    return reply.send(await ledger.portfolio(q.value.appropriation));
  });

  app.get('/payments', reading, async (request, reply) => {
    const q = parse(paymentsQuery, request.query);
    if (!q.ok) return sendProblem(reply, q.problem);
    const { grantId } = q.value;
    if (grantId !== undefined && !(await grantExists(ledger, grantId))) {
      return unknownGrant(reply, grantId);
    }
    return reply.send(await ledger.payments(grantId, asOfOf(q.value)));
  });
}
