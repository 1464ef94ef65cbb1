// The routes the finance desk (the dashboard) reads beside the projections: the
// worklists of the caller's roles, a grant's claims with their cost lines, its
// recoveries, and the newest events of the ledger for auditors.
import type { FastifyInstance } from 'fastify';
import type { GrantState } from '../../domain/grant/state.js';
import { auditEntryOf } from '../../projections/audit.js';
import { claimsOf } from '../../projections/claims.js';
import { bankFilesOf, recoveriesOf } from '../../projections/recoveries.js';
import { foldGrant, referenceDate, type AsOf } from '../../projections/grant-fold.js';
import { grantsNeedingState, worklistsOf } from '../../projections/worklists.js';
import { latestEvents } from '../eventstore/latest.js';
import { streamOf } from './grant-streams.js';
import { sendProblem, unknownGrant } from './problem.js';
import { latestEventsQuery } from './queries.js';
import { grantAndTimeOf, parse } from './request-input.js';
import type { RouteKit } from './route-kit.js';

type GrantStream = Awaited<ReturnType<typeof streamOf>>;

export function registerDeskRoutes(app: FastifyInstance, kit: RouteKit): void {
  const { ledger } = kit;

  app.get('/worklists', { onRequest: kit.guard('projections') }, async (request, reply) => {
    const { actor, roles } = kit.principalOf(request);
    const today = ledger.today();
    const [balances, payments] = await Promise.all([ledger.grants(), ledger.payments()]);
    const states = new Map<string, GrantState>();
    for (const grantId of grantsNeedingState(balances, payments, today)) {
      states.set(grantId, foldGrant(await streamOf(ledger, grantId)));
    }
    const lists = worklistsOf({ today, actor, roles, balances, payments, states });
    return reply.send({ today, actor, lists });
  });

  /** GET `path`: `view` of the grant's stream as asked (asOf, asOfRecorded); 404 if unknown. */
  const grantView = (
    path: string,
    view: (grantId: string, stream: GrantStream, at: AsOf) => unknown | Promise<unknown>,
  ): void => {
    app.get(path, { onRequest: kit.guard('projections') }, async (request, reply) => {
      const asked = grantAndTimeOf(request);
      if (!asked.ok) return sendProblem(reply, asked.problem);
      const { grantId, at } = asked.value;
      const stream = await streamOf(ledger, grantId);
      if (stream.length === 0) return unknownGrant(reply, grantId);
      return reply.send(await view(grantId, stream, at));
    });
  };

  grantView('/grants/:id/claims', (_, stream, at) => claimsOf(stream, at));
  grantView('/grants/:id/recoveries', async (grantId, stream, at) =>
    recoveriesOf(
      grantId,
      foldGrant(stream, at),
      await ledger.referenceRates(at),
      referenceDate(at, ledger.today()),
    ),
  );
  /** Which bank file each of the grant's payments went out in (PaymentExported), by payment. */
  grantView('/grants/:id/bank-files', (_, stream, at) => bankFilesOf(foldGrant(stream, at)));

  /** The newest events of every grant, newest first: the auditor's view of what just happened. */
  app.get('/events/latest', { onRequest: kit.guard('history') }, async (request, reply) => {
    const q = parse(latestEventsQuery, request.query);
    if (!q.ok) return sendProblem(reply, q.problem);
    const events = await latestEvents(ledger.store, q.value.limit);
    return reply.send(events.reverse().map(auditEntryOf));
  });
}
