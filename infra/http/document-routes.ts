// What the committee and the applicant receive, over HTTP: GET /delegation-report (json,
// csv or pdf) and GET /grants/:id/decision.pdf (as amended, or ?version=decided).
import type { FastifyInstance } from 'fastify';
import type { LedgerConfig } from '../config.js';
import {
  decisionLetterQuery,
  delegationReportQuery,
  letterPdf,
  readDecisionLetter,
  readDelegationReport,
  renderDelegationReport,
} from '../documents/documents.js';
import { fail, sendProblem, unknownGrant } from './problem.js';
import { grantIdParam } from './queries.js';
import { parse } from './request-input.js';
import type { RouteKit } from './route-kit.js';

/** A file name without the slashes of a diary number: RUN/573/2022 → RUN-573-2022. */
const fileNameOf = (text: string): string => text.replace(/[^\p{L}\p{N}._-]+/gu, '-');

export function registerDocumentRoutes(
  app: FastifyInstance,
  kit: RouteKit,
  config: LedgerConfig,
): void {
  const reading = { onRequest: kit.guard('projections') };

  app.get('/delegation-report', reading, async (request, reply) => {
    const q = parse(delegationReportQuery, request.query);
    if (!q.ok) return sendProblem(reply, q.problem);
    const report = await readDelegationReport(kit.ledger, q.value);
    const { contentType, body } = await renderDelegationReport(report, q.value.format);
    if (q.value.format !== 'json') {
      const name = `delegationsbeslut-${q.value.from}-${q.value.to}.${q.value.format}`;
      void reply.header('content-disposition', `inline; filename="${name}"`);
    }
    return reply.type(contentType).send(body);
  });

  app.get('/grants/:id/decision.pdf', reading, async (request, reply) => {
    const id = parse(grantIdParam, request.params);
    if (!id.ok) return sendProblem(reply, id.problem);
    const q = parse(decisionLetterQuery, request.query);
    if (!q.ok) return sendProblem(reply, q.problem);
    const grantId = id.value.id;
    const read = await readDecisionLetter(kit.ledger, grantId, q.value.version);
    if (read.found === 'no-grant') return unknownGrant(reply, grantId);
    if (read.found === 'no-decision') return fail(reply, 422, 'INVALID_STATE', read.message, 'id');
    const pdf = await letterPdf(read.letter, config);
    void reply.header(
      'content-disposition',
      `inline; filename="beslut-${fileNameOf(grantId)}.pdf"`,
    );
    return reply.type('application/pdf').send(pdf);
  });
}
