// docs/commands.md, written from the command schemas (through the same form model the
// desk draws its forms from), the field names the desk shows, the roles of the API and
// one example line per command. `npm run docs` writes it; a test checks it is current
// and that every example is a valid command.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMMAND_TYPES, type CommandType } from '../../domain/grant/commands.js';
import { COMMAND_ROLES } from '../http/roles.js';
import { commandNameIn, fieldNameIn } from './src/field-names.js';
import { formModel, type FormNode, type InputKind } from './src/form-model.js';
import { ROOT } from './paths.js';

const G = 'RUN/573/2022';

/** One line of JSON per command, continuing the founding case where it can. */
export const COMMAND_EXAMPLES: Record<CommandType, Record<string, unknown>> = {
  ApplyForCoFinancing: {
    type: 'ApplyForCoFinancing',
    grantId: 'RUN/101/2024',
    applicant: { name: 'Exempelbolaget ek. för.', orgNumber: '769600-0000' },
    title: 'Förstudie om lokala energigemenskaper',
    requestedAmount: '500000',
    requestedAdvance: '100000',
    projectPeriod: { start: '2024-09-01', end: '2025-08-31' },
    otherFinancing: [{ financier: 'Tillväxtverket', amount: '400000' }],
    submittedOn: '2024-05-15',
  },
  GrantDecision: {
    type: 'GrantDecision',
    grantId: 'RUN/101/2024',
    decidedOn: '2024-06-20',
    decidedBy: 'Jonas Andersson',
    outcome: 'approved',
    terms: {
      rate: '0.50',
      cap: '500000',
      advance: '100000',
      appropriation: '1:1 Regionala tillväxtåtgärder',
      legalBasis: 'Förordning (2003:596)',
      conditions: [{ id: 'other-financing', text: 'Övrig finansiering ordnas enligt ansökan' }],
      indicators: [{ id: 'studies', name: 'Antal förstudier', targets: { report: 1 } }],
      finalReportDue: '2025-10-31',
    },
  },
  AmendDecision: {
    type: 'AmendDecision',
    grantId: G,
    decidedOn: '2024-03-01',
    decidedBy: 'Jonas Andersson',
    changes: { projectEnd: '2024-06-30', finalReportDue: '2024-08-31' },
  },
  FulfilCondition: {
    type: 'FulfilCondition',
    grantId: G,
    conditionId: 'other-financing',
    fulfilledOn: '2023-06-01',
    evidence: 'Tillväxtverkets beslut',
  },
  ReportIndicator: {
    type: 'ReportIndicator',
    grantId: G,
    indicatorId: 'knowledge-bases',
    kind: 'sub-report',
    title: 'Delrapport 1: kartläggning',
    deliveredOn: '2023-10-15',
  },
  SubmitFinalReport: { type: 'SubmitFinalReport', grantId: G, submittedOn: '2024-04-25' },
  CloseGrant: { type: 'CloseGrant', grantId: G, closedOn: '2024-09-30' },
  WithdrawApplication: {
    type: 'WithdrawApplication',
    grantId: 'RUN/101/2024',
    withdrawnOn: '2024-06-01',
    reason: 'Sökanden drog tillbaka ansökan',
  },
  PayAdvance: {
    type: 'PayAdvance',
    grantId: G,
    paymentId: 'RUN/573/2022-advance-1',
    amount: '142779.00',
    orderedOn: '2023-05-02',
  },
  ReportCosts: {
    type: 'ReportCosts',
    grantId: G,
    claimId: 'RUN/573/2022-claim-1',
    period: { from: '2023-05-01', to: '2023-12-31' },
    costs: [
      { category: 'Personal', amount: '300000.00' },
      { category: 'Externa tjänster', amount: '100000.00' },
    ],
    submittedOn: '2024-01-15',
  },
  ReviewCosts: {
    type: 'ReviewCosts',
    grantId: G,
    claimId: 'RUN/573/2022-claim-1',
    reviewedOn: '2024-02-01',
    approvedAmount: '380000.00',
    disallowed: [{ amount: '20000.00', reason: 'Resa utanför projektets syfte' }],
  },
  PayClaim: {
    type: 'PayClaim',
    grantId: G,
    paymentId: 'RUN/573/2022-payment-2',
    claimId: 'RUN/573/2022-claim-1',
    amount: '85221.00',
    orderedOn: '2024-02-05',
  },
  AttestPayment: {
    type: 'AttestPayment',
    grantId: G,
    paymentId: 'RUN/573/2022-payment-2',
    attestedOn: '2024-02-06',
  },
  CancelPayment: {
    type: 'CancelPayment',
    grantId: G,
    paymentId: 'RUN/573/2022-payment-2',
    reason: 'Fel belopp',
    cancelledOn: '2024-02-06',
  },
  ClaimRecovery: {
    type: 'ClaimRecovery',
    grantId: G,
    recoveryId: 'RUN/573/2022-recovery-1',
    amount: '25000.00',
    decidedOn: '2024-09-01',
    reason: 'Slutredovisningen godkände lägre kostnader än förskottet täckte',
    dueOn: '2024-09-30',
    interest: { from: '2023-05-03' },
  },
  ReduceRecovery: {
    type: 'ReduceRecovery',
    grantId: G,
    recoveryId: 'RUN/573/2022-recovery-1',
    amount: '20000.00',
    decidedOn: '2024-09-10',
    reason: 'Senare godkända kostnader täcker 5 000 kr',
  },
  WithdrawRecovery: {
    type: 'WithdrawRecovery',
    grantId: G,
    recoveryId: 'RUN/573/2022-recovery-2',
    decidedOn: '2024-09-10',
    reason: 'Beslutat av misstag',
  },
  RevokeGrant: {
    type: 'RevokeGrant',
    grantId: G,
    decidedOn: '2024-08-15',
    decidedBy: 'Jonas Andersson',
    ground: 'final-report-missing',
    reason: 'Slutrapporten har inte kommit in trots påminnelse',
  },
  RegisterRepayment: {
    type: 'RegisterRepayment',
    grantId: G,
    recoveryId: 'RUN/573/2022-recovery-1',
    amount: '25000.00',
    receivedOn: '2024-09-20',
    bankReference: '2024092012345',
  },
  ChangePayoutAccount: {
    type: 'ChangePayoutAccount',
    grantId: G,
    account: { bankgiro: '5050-1055' },
    changedOn: '2023-08-01',
  },
  ConfirmPayoutAccount: {
    type: 'ConfirmPayoutAccount',
    grantId: G,
    account: { bankgiro: '5050-1055' },
    confirmedOn: '2023-08-02',
  },
  ExportPayment: {
    type: 'ExportPayment',
    grantId: G,
    paymentId: 'RUN/573/2022-advance-1',
    fileId: 'PAY-2023-05-03-1',
    executionDate: '2023-05-04',
    createdAt: '2023-05-03T14:00:00Z',
    debtor: { name: 'Region Jämtland Härjedalen', bankgiro: '5050-1055' },
  },
  SettlePayment: {
    type: 'SettlePayment',
    grantId: G,
    paymentId: 'RUN/573/2022-advance-1',
    bankReference: 'BG-2023-05-04-0001',
    bookedOn: '2023-05-04',
    amount: '142779.00',
  },
  ReturnPayment: {
    type: 'ReturnPayment',
    grantId: G,
    paymentId: 'RUN/573/2022-advance-1',
    returnedOn: '2023-05-08',
    reason: 'AC04 closed account',
    bankReference: 'BG-2023-05-08-0007',
  },
};

const KIND_TEXT: Record<InputKind, string> = {
  money: 'amount: a string of digits with at most 2 decimals, e.g. `"142779.00"`',
  rate: 'rate: a decimal in (0, 1] as a string, e.g. `"0.60"`',
  date: 'date `YYYY-MM-DD`',
  text: 'text',
  longtext: 'text',
  int: 'whole number ≥ 0',
  boolean: '`true` or `false`',
};

interface Row {
  field: string;
  required: string;
  takes: string;
  meaning: string;
}

function rows(
  type: CommandType,
  nodes: FormNode[],
  prefix: (string | number)[],
  display: string,
  required: boolean,
  note = '',
): Row[] {
  return nodes.flatMap((n): Row[] => {
    const pathParts = n.name === '' ? prefix : [...prefix, n.name];
    const shown = n.name === '' ? display : display ? `${display}.${n.name}` : n.name;
    const meaning = fieldNameIn('en', type, pathParts) ?? '';
    const req = (self: boolean) => (required && self ? 'yes' : 'no') + note;
    switch (n.node) {
      case 'input':
        return [
          { field: `\`${shown}\``, required: req(n.required), takes: KIND_TEXT[n.input], meaning },
        ];
      case 'counts':
        return [
          {
            field: `\`${shown}\``,
            required: req(n.required),
            takes: 'object: kind → whole number ≥ 0, e.g. `{"report": 1}`',
            meaning,
          },
        ];
      case 'group': {
        const children = rows(type, n.children, pathParts, shown, required && n.required);
        // A list's item is described by its fields alone (`costs[].amount`).
        return n.name === ''
          ? children
          : [
              { field: `\`${shown}\``, required: req(n.required), takes: 'object', meaning },
              ...children,
            ];
      }
      case 'list':
        return [
          {
            field: `\`${shown}\``,
            required: req(n.required),
            takes: `list${n.minItems ? ` (at least ${n.minItems})` : ''}`,
            meaning,
          },
          ...rows(type, [n.item], [...pathParts, 0], `${shown}[]`, true),
        ];
      case 'choice':
        return [
          {
            field: `\`${shown}\``,
            required: 'yes',
            takes: n.variants.map((v) => `\`"${v.value}"\``).join(' or '),
            meaning: fieldNameIn('en', type, pathParts) ?? '',
          },
          ...n.variants.flatMap((v) =>
            rows(type, v.children, prefix, display, required, ` (${v.value})`),
          ),
        ];
    }
  });
}

function section(type: CommandType): string {
  const table = [
    { field: '`type`', required: 'yes', takes: `\`"${type}"\``, meaning: 'the command' },
    ...rows(type, formModel(type), [], '', true),
  ];
  return [
    `## ${type}`,
    '',
    `${commandNameIn('en', type)} (*${commandNameIn('sv', type)}*). Role: \`${COMMAND_ROLES[type]}\`.`,
    '',
    '| field | required | takes | what it is |',
    '|---|---|---|---|',
    ...table.map((r) => `| ${r.field} | ${r.required} | ${r.takes} | ${r.meaning} |`),
    '',
    '```json',
    JSON.stringify(COMMAND_EXAMPLES[type]),
    '```',
    '',
  ].join('\n');
}

export function commandsMarkdown(): string {
  return [
    '# Commands',
    '',
    'Every write to the ledger is one command: a JSON object with a `type`. The same schemas',
    '(`domain/grant/commands.ts`) check it wherever it comes from — a form on the desk, `POST /commands`,',
    'or one line of a JSON Lines file for `grant-ledger exec`. This page is written from those schemas',
    '(`npm run docs`; a test fails when it is out of date), and every example below is checked to be a valid command.',
    '',
    '- **Amounts** are strings with at most two decimals (`"142779.00"`, `"763643"`); a JSON number with',
    '  the same digits is accepted too. The desk also takes `142 779,00` in its amount fields.',
    '- **Dates** are business dates `YYYY-MM-DD`.',
    "- **`meta`** is optional on every command: `actor` (the CLI's `--actor` sets it; over HTTP the",
    "  token's actor always wins), `commandId` (the idempotency key: the same id twice records once),",
    '  `correlationId`, `causationId`.',
    '- A refused command records nothing and says why: `INVALID_INPUT` with the failing `path`, or a',
    "  rule's code (see the README).",
    '',
    '```sh',
    'echo \'{"type":"FulfilCondition","grantId":"RUN/573/2022","conditionId":"other-financing","fulfilledOn":"2023-06-01","evidence":"Tillväxtverkets beslut"}\' \\',
    '  | npx grant-ledger exec - --actor handlaggare@regionjh.se',
    '```',
    '',
    ...COMMAND_TYPES.map(section),
  ].join('\n');
}

export const COMMANDS_DOC = path.join(ROOT, 'docs', 'commands.md');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await writeFile(COMMANDS_DOC, commandsMarkdown());
  console.log(`wrote ${path.relative(process.cwd(), COMMANDS_DOC)}`);
}
