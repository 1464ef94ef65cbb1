// The desk's forms come from the command schemas: every command has one, every field of
// it has a name in Swedish and English, amounts typed the Swedish way reach the API in
// its form, and docs/commands.md is the catalogue written from the same source.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../commands/parse.js';
import { COMMAND_SCHEMAS, COMMAND_TYPES } from '../../domain/grant/commands.js';
import { moneyInput } from '../../domain/schema.js';
import { COMMAND_EXAMPLES, COMMANDS_DOC, commandsMarkdown } from '../../infra/web/commands-doc.js';
import { normalizeAmount } from '../../infra/web/src/amount.js';
import { commandNameIn, fieldNameIn } from '../../infra/web/src/field-names.js';
import { fieldPaths, formModel } from '../../infra/web/src/form-model.js';
import { formatRate, formatSek } from '../../infra/web/src/format.js';

describe('the command forms', () => {
  it.each(COMMAND_TYPES)(
    '%s has a name and every field a label, in Swedish and English',
    (type) => {
      expect(commandNameIn('sv', type)).not.toBe(commandNameIn('en', type));
      for (const path of fieldPaths(formModel(type))) {
        for (const lang of ['sv', 'en'] as const)
          expect([path.join('.'), fieldNameIn(lang, type, path)]).toEqual([
            path.join('.'),
            expect.any(String),
          ]);
      }
    },
  );

  it('reads the kind of each input from the schema: amounts, rates, dates, lists, a choice', () => {
    const payClaim = formModel('PayClaim');
    expect(payClaim).toEqual([
      { node: 'input', name: 'grantId', input: 'text', required: true },
      { node: 'input', name: 'paymentId', input: 'text', required: true },
      { node: 'input', name: 'claimId', input: 'text', required: true },
      { node: 'input', name: 'amount', input: 'money', required: true },
      { node: 'input', name: 'orderedOn', input: 'date', required: true },
    ]);
    expect(formModel('ReviewCosts').find((n) => n.name === 'disallowed')).toMatchObject({
      node: 'list',
      required: false,
      item: { node: 'group' },
    });
    expect(formModel('ReportCosts').find((n) => n.name === 'costs')).toMatchObject({
      node: 'list',
      required: true,
      minItems: 1,
    });
    const decision = formModel('GrantDecision');
    const choice = decision.find((n) => n.node === 'choice');
    expect(choice).toMatchObject({
      name: 'outcome',
      variants: [{ value: 'approved' }, { value: 'rejected' }],
    });
    expect(fieldPaths(decision).map((p) => p.join('.'))).toEqual(
      expect.arrayContaining(['terms.rate', 'terms.indicators.0.targets', 'decidedBy']),
    );
    expect(fieldPaths(decision).map((p) => p.join('.'))).not.toContain('meta');
  });
});

describe('amounts typed into the desk', () => {
  it.each([
    ['142 779,00', '142779.00'],
    ['142779.00', '142779.00'],
    ['142\u00a0779,5', '142779.5'],
    [' 763 643 kr ', '763643'],
    ['0,60', '0.60'],
  ])('%j reaches the API as %j, which the schema takes', (typed, sent) => {
    expect(normalizeAmount(typed)).toBe(sent);
    expect(moneyInput.safeParse(normalizeAmount(typed)).success).toBe(true);
  });

  it.each(['tolv kronor', '1,2,3', '142.779,00', '-5'])(
    '%j stays as typed, for the schema to refuse',
    (typed) => {
      expect(moneyInput.safeParse(normalizeAmount(typed)).success).toBe(false);
    },
  );

  it('shows amounts and rates the Swedish way', () => {
    expect(formatSek('763643.00')).toBe('763 643,00 kr');
    expect(formatSek('-5.50')).toBe('−5,50 kr');
    expect(formatSek(null)).toBe('–');
    expect([
      formatRate('0.60'),
      formatRate('0.125'),
      formatRate('1.00'),
      formatRate('0.05'),
    ]).toEqual(['60 %', '12,5 %', '100 %', '5 %']);
  });
});

describe('docs/commands.md', () => {
  it('is the catalogue written from the schemas (npm run docs)', async () => {
    expect(await readFile(COMMANDS_DOC, 'utf8')).toBe(commandsMarkdown());
  });

  it.each(COMMAND_TYPES)('gives a valid example line of %s', (type) => {
    const example = COMMAND_EXAMPLES[type];
    expect(example.type).toBe(type);
    const parsed = parseCommand(example);
    expect(parsed.ok ? 'valid' : parsed.rejection).toBe('valid');
    expect(COMMAND_SCHEMAS[type]).toBeDefined();
  });
});
