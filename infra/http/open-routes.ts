// The routes that need no token: the dashboard's files, the API description and the health
// check for load balancers and monitoring.
import type { FastifyInstance } from 'fastify';
import type { Ledger } from '../ledger.js';
import { openApiDocument } from './openapi.js';
import { fail } from './problem.js';
import type { WebFile } from './web-files.js';

export function registerOpenRoutes(
  app: FastifyInstance,
  ledger: Ledger,
  web: Map<string, WebFile>,
): void {
  for (const [route, file] of web) {
    app.get(route, async (_request, reply) =>
      reply.code(file.status).type(file.type).send(file.body),
    );
  }
  // Says only whether the store answers.
  app.get('/health', async (request, reply) => {
    try {
      for await (const _ of ledger.store.readAll({ limit: 1 })) break;
      return reply.send({ status: 'ok', store: ledger.store.kind });
    } catch (error) {
      request.log.error({ err: error }, 'health: the store does not answer');
      return fail(reply, 503, 'STORE_UNAVAILABLE', 'the store does not answer');
    }
  });
  // Made on first ask, then kept: it does not change while the process runs.
  let openApi: string | undefined;
  app.get('/openapi.json', async (_request, reply) => {
    openApi ??= JSON.stringify(openApiDocument());
    return reply.type('application/json; charset=utf-8').send(openApi);
  });
}
