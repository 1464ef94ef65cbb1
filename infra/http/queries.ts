// The query strings of the GET routes as strict zod schemas: validated on the way in
// (400 INVALID_INPUT with the failing parameter) and described in /openapi.json.
import { z } from 'zod';
import { dateInput, storedIdentifier } from '../../domain/schema.js';

/**
 * An id in a URL or query, NFC-normalised as every id is when it is recorded: "RUN/Å" typed
 * with a combining ring finds the grant recorded with the precomposed Å.
 */
const identifier = storedIdentifier.transform((id) => id.normalize('NFC'));

const asOf = dateInput.optional().meta({
  description:
    'a business date YYYY-MM-DD: the figures as of the end of that day (events dated on or before it)',
});
const asOfRecorded = z.iso
  .datetime({ offset: true, error: 'must be an ISO timestamp such as 2024-01-31T12:00:00Z' })
  .optional()
  .meta({
    description:
      'an ISO timestamp: what the ledger said at that moment (events recorded up to then)',
  });

export const STATUSES = ['applied', 'approved', 'rejected', 'withdrawn', 'closed'] as const;

export const timeTravelQuery = z.strictObject({ asOf, asOfRecorded });

export const grantsQuery = z.strictObject({
  status: z.enum(STATUSES, { error: `must be one of ${STATUSES.join(', ')}` }).optional(),
});

export const portfolioQuery = z.strictObject({
  appropriation: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: 'one appropriation (anslag), e.g. "1:1 Regionala tillväxtåtgärder"' }),
});

export const paymentsQuery = z
  .strictObject({
    grantId: identifier
      .optional()
      .meta({ description: 'one grant (not URL-encoded twice: a plain query value)' }),
    asOf,
    asOfRecorded,
  })
  .refine(
    (q) => q.grantId !== undefined || (q.asOf === undefined && q.asOfRecorded === undefined),
    {
      message: 'asOf and asOfRecorded need a grantId',
      path: ['grantId'],
    },
  );

export const exportQuery = z.strictObject({
  grantId: identifier.optional().meta({ description: 'one grant; all grants when absent' }),
  format: z
    .enum(['jsonl', 'csv'], { error: 'must be jsonl or csv' })
    .default('jsonl')
    .meta({ description: 'jsonl: the events with their hashes; csv: the payments journal' }),
});

export const grantIdParam = z.strictObject({
  id: identifier.meta({ description: 'the grant id, URL-encoded: RUN%2F573%2F2022' }),
});

export const latestEventsQuery = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be a whole number 1–200' })
    .int('must be a whole number 1–200')
    .min(1)
    .max(200)
    .default(20)
    .meta({ description: 'how many of the newest events (1–200, default 20)' }),
});
