// GET /me: who the token is. The dashboard uses it to greet and to show only what the roles may
// read and send.
import type { FastifyInstance } from 'fastify';
import { LEDGER_COMMAND_TYPES } from '../../domain/ledger-commands.js';
import type { RouteKit } from './route-kit.js';
import { may, maySend } from './roles.js';

const READ_PERMISSIONS = [
  'projections',
  'history',
  'verify',
  'export',
  'reconcile',
  'payment-files',
  'sie',
  'seal',
] as const;

export function registerMeRoute(app: FastifyInstance, kit: RouteKit): void {
  app.get('/me', { onRequest: kit.guard('projections') }, async (request, reply) => {
    const { actor, roles } = kit.principalOf(request);
    const permissions = READ_PERMISSIONS.filter((p) => may(roles, p));
    const commands = LEDGER_COMMAND_TYPES.filter((t) => maySend(roles, t));
    return reply.send({ actor, roles, permissions, commands });
  });
}
