// The auditor's routes: seals (domain.md "Seals"), the hash chain's verification and the
// export of the events (JSON Lines) or the payments journal (CSV).
import type { KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { exportJsonl, journalCsv } from '../export.js';
import { grantExists } from './grant-streams.js';
import { sendProblem, unknownGrant } from './problem.js';
import { exportQuery } from './queries.js';
import { parse } from './request-input.js';
import type { RouteKit } from './route-kit.js';

/** The download's file name: the grant id made safe for a file system. */
function exportName(grantId: string | undefined): string {
  return `ledger${grantId ? `-${grantId.replace(/[^A-Za-z0-9._-]+/g, '_')}` : ''}`;
}

export function registerAuditRoutes(
  app: FastifyInstance,
  kit: RouteKit,
  sealKey: KeyObject | undefined,
): void {
  const { ledger } = kit;

  // A seal is made as the token's actor and recorded in the stream `seals`; the answer is the
  // seal to keep outside the ledger.
  app.post('/seals', { onRequest: kit.guard('seal') }, async (request, reply) => {
    const seal = await ledger.seal(kit.principalOf(request).actor, sealKey);
    return reply.code(201).send(seal);
  });
  app.get('/seals', { onRequest: kit.guard('seal') }, async (_request, reply) =>
    reply.send(await ledger.seals()),
  );

  // Every chain, and the ledger held against its newest seal (signed by this key, if any).
  app.get('/verify', { onRequest: kit.guard('verify') }, async (_request, reply) =>
    reply.send(await ledger.verify(sealKey)),
  );

  app.get('/export', { onRequest: kit.guard('export') }, async (request, reply) => {
    const q = parse(exportQuery, request.query);
    if (!q.ok) return sendProblem(reply, q.problem);
    const { grantId, format } = q.value;
    if (grantId !== undefined && !(await grantExists(ledger, grantId))) {
      return unknownGrant(reply, grantId);
    }
    const name = exportName(grantId);
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-payments.csv"`)
        .send(journalCsv(await ledger.payments(grantId)));
    }
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-events.jsonl"`)
      .send(Readable.from(exportJsonl(ledger.events(grantId))));
  });
}
