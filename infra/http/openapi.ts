// GET /openapi.json: OpenAPI 3.1, generated from the same zod schemas that validate the
// commands (domain/grant/commands.ts) and the query strings (queries.ts).
import { z } from 'zod';
import {
  LEDGER_COMMAND_SCHEMAS as COMMAND_SCHEMAS,
  LEDGER_COMMAND_TYPES as COMMAND_TYPES,
} from '../../domain/ledger-commands.js';
import { REJECTION_CODES } from '../../domain/errors.js';
import { COMMAND_ROLES } from './roles.js';
import {
  exportQuery,
  grantIdParam,
  grantsQuery,
  paymentsQuery,
  portfolioQuery,
  timeTravelQuery,
} from './queries.js';
import { decisionLetterQuery, delegationReportQuery } from '../documents/documents.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType, where: 'query' | 'path'): JsonSchema[] {
  const s = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (s.required ?? []).includes(name),
      ...(description !== undefined ? { description } : {}),
      schema: rest,
    };
  });
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const jsonResponse = (description: string, schema: JsonSchema = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});

const readErrors = {
  '400': errorResponse('INVALID_INPUT: a query parameter is malformed (path names it)'),
  '401': errorResponse('UNAUTHENTICATED: no or unknown bearer token'),
  '403': errorResponse('FORBIDDEN: the token’s roles may not read this'),
};

export function openApiDocument(): JsonSchema {
  const commandSchemas = Object.fromEntries(
    COMMAND_TYPES.map((type) => [
      type,
      {
        ...jsonSchema(COMMAND_SCHEMAS[type]),
        description: `${type} — role: ${COMMAND_ROLES[type]}`,
      },
    ]),
  );
  const grantPath = parameters(grantIdParam, 'path');
  const timeTravel = parameters(timeTravelQuery, 'query');
  const get = (
    summary: string,
    params: JsonSchema[],
    ok: JsonSchema,
    extra: Record<string, unknown> = {},
  ) => ({
    get: { summary, parameters: params, responses: { '200': ok, ...readErrors, ...extra } },
  });
  const unknownGrant = {
    '404': errorResponse('UNKNOWN_GRANT: no such grant (as of the moment asked)'),
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Grant ledger',
      version: '0.1.0',
      description:
        'Event-sourced ledger of public grant co-financing. Amounts are SEK strings with 2 decimals; business dates are YYYY-MM-DD. ' +
        'Every write is done as the bearer token’s actor; meta.actor in a command is ignored.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    paths: {
      '/commands': {
        post: {
          summary: 'Send one command',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: COMMAND_TYPES.map((t) => ({ $ref: `#/components/schemas/${t}` })),
                  discriminator: { propertyName: 'type' },
                },
              },
            },
          },
          responses: {
            '200': jsonResponse(
              'the events the command appended (or, for a repeated commandId, the first result)',
              { $ref: '#/components/schemas/CommandResult' },
            ),
            '400': errorResponse(
              'INVALID_INPUT: the command does not match its schema, or the body is not JSON; path names the failing field',
            ),
            '401': errorResponse('UNAUTHENTICATED'),
            '403': errorResponse('FORBIDDEN: the token’s roles may not send this command type'),
            '409': errorResponse('CONCURRENCY_CONFLICT: the grant kept changing; try again'),
            '413': errorResponse('PAYLOAD_TOO_LARGE'),
            '422': errorResponse(
              'a rule of the domain was violated: code is one of the rejection codes',
            ),
          },
        },
      },
      '/reconcile': {
        post: {
          summary: 'Reconcile a bank statement (finance)',
          requestBody: {
            required: true,
            content: {
              'text/csv': {
                schema: {
                  type: 'string',
                  description: 'columns bookedOn,amount,reference (reference = paymentId)',
                },
              },
            },
          },
          responses: {
            '200': jsonResponse('matched, amountMismatch, missingInBank, unknownInBank, recorded'),
            '400': errorResponse('INVALID_INPUT: the CSV has errors (errors lists them by line)'),
            '401': errorResponse('UNAUTHENTICATED'),
            '403': errorResponse('FORBIDDEN'),
          },
        },
      },
      '/grants': get(
        'Grants with their key figures',
        parameters(grantsQuery, 'query'),
        jsonResponse('grant balances', {
          type: 'array',
          items: { $ref: '#/components/schemas/GrantBalance' },
        }),
      ),
      '/grants/{id}': get(
        'A grant’s balance',
        [...grantPath, ...timeTravel],
        jsonResponse('the balance', { $ref: '#/components/schemas/GrantBalance' }),
        unknownGrant,
      ),
      '/grants/{id}/indicators': get(
        'Indicator status',
        [...grantPath, ...timeTravel],
        jsonResponse('one entry per indicator', { type: 'array', items: { type: 'object' } }),
        unknownGrant,
      ),
      '/grants/{id}/timeline': get(
        'Cap, entitlement and net paid over time (one point per business date)',
        [...grantPath, ...timeTravel],
        jsonResponse('the series', { type: 'object' }),
        unknownGrant,
      ),
      '/grants/{id}/decision.pdf': get(
        'The decision letter (beslut, in Swedish) as a PDF, as amended or as decided',
        [...grantPath, ...parameters(decisionLetterQuery, 'query')],
        { description: 'the PDF', content: { 'application/pdf': { schema: { type: 'string' } } } },
        { ...unknownGrant, '422': errorResponse('INVALID_STATE: the grant has no decision yet') },
      ),
      '/delegation-report': get(
        'Decisions, amendments and revocations taken under a delegation in a period',
        parameters(delegationReportQuery, 'query'),
        {
          description: 'the report: json, csv or pdf as asked',
          content: {
            'application/json': { schema: { type: 'object' } },
            'text/csv': { schema: { type: 'string' } },
            'application/pdf': { schema: { type: 'string' } },
          },
        },
      ),
      '/grants/{id}/history': get(
        'The audit trail of one grant (not for viewers)',
        [...grantPath, ...timeTravel],
        jsonResponse('every event with actor, commandId and hash', {
          type: 'array',
          items: { type: 'object' },
        }),
        unknownGrant,
      ),
      '/reference-rates': get(
        'Reference rates (referensränta) per half-year, with who set them and what they corrected',
        timeTravel,
        jsonResponse('one entry per validFrom, oldest first', {
          type: 'array',
          items: { type: 'object' },
        }),
      ),
      '/portfolio': get(
        'Portfolio per appropriation',
        parameters(portfolioQuery, 'query'),
        jsonResponse('one line per appropriation', { type: 'array', items: { type: 'object' } }),
      ),
      '/payments': get(
        'Payments journal',
        parameters(paymentsQuery, 'query'),
        jsonResponse('every payment', { type: 'array', items: { type: 'object' } }),
        unknownGrant,
      ),
      '/seals': {
        post: {
          summary:
            'Seal the whole ledger now (auditor, finance): domain.md "Seals"; keep the answer outside the ledger',
          responses: {
            '201': jsonResponse(
              '{sealedAt, position, streams, events, root, heads, signature?, publicKey?}',
            ),
            '401': errorResponse('UNAUTHENTICATED'),
            '403': errorResponse('FORBIDDEN'),
          },
        },
        get: {
          summary: 'The seals recorded in the ledger, oldest first (auditor, finance)',
          responses: {
            '200': jsonResponse('every seal', { type: 'array', items: { type: 'object' } }),
            '401': errorResponse('UNAUTHENTICATED'),
            '403': errorResponse('FORBIDDEN'),
          },
        },
      },
      '/verify': get(
        'Recompute every hash chain (auditor)',
        [],
        jsonResponse('{ok, streams, events, firstBreak?}'),
      ),
      '/export': get(
        'Export events (jsonl) or the payments journal (csv) (auditor)',
        parameters(exportQuery, 'query'),
        {
          description: 'application/x-ndjson or text/csv',
          content: {
            'application/x-ndjson': { schema: { type: 'string' } },
            'text/csv': { schema: { type: 'string' } },
          },
        },
      ),
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'a token from the tokens file (LEDGER_TOKENS), or an access token of the identity provider (LEDGER_OIDC_ISSUER)',
        },
      },
      schemas: {
        ...commandSchemas,
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  examples: [
                    ...REJECTION_CODES,
                    'CONCURRENCY_CONFLICT',
                    'UNAUTHENTICATED',
                    'FORBIDDEN',
                    'NOT_FOUND',
                    'PAYLOAD_TOO_LARGE',
                  ],
                },
                message: { type: 'string' },
                path: {
                  type: 'string',
                  description: 'the failing field as a dotted path, "" for the whole input',
                },
              },
            },
          },
        },
        CommandResult: {
          type: 'object',
          required: ['commandId', 'events'],
          properties: {
            commandId: { type: 'string' },
            grantId: { type: 'string' },
            duplicate: {
              type: 'boolean',
              description: 'true when the commandId was processed before and nothing was appended',
            },
            events: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  type: { type: 'string' },
                  position: { type: 'integer' },
                  revision: { type: 'integer' },
                  streamId: { type: 'string' },
                  recordedAt: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
        GrantBalance: {
          type: 'object',
          description: 'domain.md "Grant balance"; every amount a string with 2 decimals',
          properties: Object.fromEntries(
            [
              'cap',
              'advanceGranted',
              'reportedCosts',
              'approvedCosts',
              'disallowedCosts',
              'unreviewedCosts',
              'entitlement',
              'advancePaid',
              'claimsPaid',
              'pendingPayments',
              'repaid',
              'netPaid',
              'advanceOffset',
              'advanceOutstanding',
              'payable',
              'overpaid',
              'advanceUnsettled',
              'repaymentDue',
              'interestAccrued',
              'interestPaid',
              'interestDue',
              'remainingCap',
              'undisbursed',
            ].map((k) => [k, { type: 'string', pattern: '^-?\\d+\\.\\d{2}$' }]),
          ),
        },
      },
    },
  };
}
