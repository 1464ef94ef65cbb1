// The bank's and the books' routes (interfaces.md "Bank files", "Book-keeping"):
// POST /payment-files and GET /payment-files/:fileId (finance), GET /sie?from=&to= (finance,
// auditor), with the debtor and account plan of ledger.config.json.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isRejection } from '../../domain/errors.js';
import { fileIdInput } from '../../domain/bank/payout-account.js';
import {
  ExecutionDateRefused,
  exportedInFile,
  fileOf,
  makePaymentFile,
  paymentFileRequestOf,
  stockholmDay,
  type PaymentFileResult,
} from '../bank/payment-files.js';
import { sieOptionsOf } from '../books/request.js';
import { sieFile } from '../books/sie.js';
import type { LedgerConfig } from '../config.js';
import { fail } from './problem.js';
import type { RouteKit } from './route-kit.js';

/** XML when the caller asks for it (Accept: application/xml), else JSON with the XML inside. */
function sendPaymentFile(request: FastifyRequest, reply: FastifyReply, result: PaymentFileResult) {
  const wantsXml = /\b(application|text)\/xml\b/.test(request.headers.accept ?? '');
  if (wantsXml && result.xml !== null) {
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${result.fileId}.xml"`)
      .header('x-payment-file-id', result.fileId)
      .send(result.xml);
  }
  return reply.send(result);
}

export function registerBankRoutes(
  app: FastifyInstance,
  kit: RouteKit,
  config: LedgerConfig,
): void {
  const { ledger, guard } = kit;

  app.post('/payment-files', { onRequest: guard('payment-files') }, async (request, reply) => {
    const actor = kit.principalOf(request).actor;
    const today = stockholmDay(ledger.clock());
    const parsed = paymentFileRequestOf(request.body ?? {}, config.debtor, actor, today);
    if (isRejection(parsed)) return fail(reply, 400, parsed.code, parsed.message, parsed.path);
    try {
      return sendPaymentFile(request, reply, await makePaymentFile(ledger, parsed));
    } catch (error) {
      if (!(error instanceof ExecutionDateRefused)) throw error;
      const { code, message, path } = error.rejection;
      return fail(reply, 422, code, message, path);
    }
  });

  app.get(
    '/payment-files/:fileId',
    { onRequest: guard('payment-files') },
    async (request, reply) => {
      const parsed = z.strictObject({ fileId: fileIdInput }).safeParse(request.params);
      if (!parsed.success)
        return fail(reply, 400, 'INVALID_INPUT', 'fileId: not a payment file id', 'fileId');
      const { fileId } = parsed.data;
      const payments = await exportedInFile(ledger, fileId);
      if (payments.length === 0)
        return fail(reply, 404, 'NOT_FOUND', `there is no payment file ${fileId}`, 'fileId');
      return sendPaymentFile(request, reply, {
        fileId,
        xml: fileOf(fileId, payments),
        payments,
        notWritten: [],
        repeated: true,
      });
    },
  );

  app.get('/sie', { onRequest: guard('sie') }, async (request, reply) => {
    const options = sieOptionsOf(request.query ?? {}, config);
    if (isRejection(options)) return fail(reply, 400, options.code, options.message, options.path);
    const file = await sieFile(ledger, options);
    return reply
      .type('text/plain; charset=IBM437')
      .header(
        'content-disposition',
        `attachment; filename="grant-ledger-${options.from}-${options.to}.se"`,
      )
      .send(file.bytes);
  });
}
