// The finance day in a real browser (Debian chromium), at 1 440 and 390 px: a finance
// officer orders a claim payment, a second person confirms the changed payout account and
// attests with the basis in view, finance creates the bank file with one button (the
// download validates against the pain.001 XSD), reads the bank's statement (one match, one
// return, one unknown line), previews it and records it with `Bokför`; the file's status
// moves to booked. Screenshots in test-artifacts/, axe-core at 0 violations.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { camt054 } from '../support/camt054.js';
import { PAIN_001_XSD, validateXml } from '../support/xsd.js';
import {
  GRANT,
  loadFoundingCase,
  startTestServer,
  TOKENS,
  type TestServer,
} from '../http/support.js';
import {
  axeViolations,
  executablePath,
  haveChromium,
  inCi,
  launchDesk,
  screenshot,
  sidewaysOverflow,
  watchProblems,
  type Desk,
} from './browser.js';

const WIDTHS = [1440, 390] as const;
const menu = (page: Page) => page.getByRole('navigation', { name: 'Meny' });
const ADVANCE = 'RUN/573/2022-advance-1';
const GRANT_HASH = `#/grants/${encodeURIComponent(GRANT)}`;

/** The founding case with a reviewed claim and a changed (unconfirmed) payout account. */
async function prepare(server: TestServer): Promise<void> {
  await loadFoundingCase(server);
  const commands: [Record<string, unknown>, 'finance' | 'officer'][] = [
    [
      {
        type: 'FulfilCondition',
        grantId: GRANT,
        conditionId: 'other-financing',
        evidence: 'Tillväxtverkets beslut om ERUF-medel',
        fulfilledOn: '2023-06-01',
      },
      'officer',
    ],
    [
      {
        type: 'ReportCosts',
        grantId: GRANT,
        claimId: 'RUN/573/2022-claim-1',
        period: { from: '2023-05-01', to: '2023-12-31' },
        costs: [
          { category: 'Personal', amount: '300000.00' },
          { category: 'Externa tjänster', amount: '100000.00' },
        ],
        submittedOn: '2024-01-15',
      },
      'finance',
    ],
    [
      {
        type: 'ReviewCosts',
        grantId: GRANT,
        claimId: 'RUN/573/2022-claim-1',
        reviewedOn: '2024-02-01',
        approvedAmount: '380000.00',
        disallowed: [{ amount: '20000.00', reason: 'Resa utanför projektets syfte' }],
      },
      'finance',
    ],
    [
      {
        type: 'ChangePayoutAccount',
        grantId: GRANT,
        account: { bankgiro: '991-2346' },
        changedOn: '2024-02-02',
      },
      'finance',
    ],
  ];
  for (const [command, who] of commands) {
    const answer = await server.send(command, who);
    if (answer.status !== 200)
      throw new Error(`${String(command.type)}: ${JSON.stringify(answer.body)}`);
  }
}

if (!haveChromium && !inCi)
  console.warn(`pay-run.test.ts skipped: no chromium at ${executablePath}`);

describe.each(WIDTHS)('the finance day in the desk at %i px', (width) => {
  if (!haveChromium) {
    if (inCi)
      it('needs chromium in CI', () => {
        throw new Error(`no chromium at ${executablePath}: CI must install it`);
      });
    else it.skip(`needs chromium at ${executablePath}`, () => undefined);
    return;
  }

  let server: TestServer;
  let desk: Desk;
  const watched: string[][] = [];
  const a11y: string[] = [];
  const overflow: string[] = [];

  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, `${width}-payrun-${name}`);
    a11y.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    const wider = await sidewaysOverflow(page);
    if (wider > 0) overflow.push(`${name}: ${wider} px too wide`);
  }

  async function open(token: string, hash: string): Promise<Page> {
    const page = await desk.context.newPage();
    watched.push(watchProblems(page));
    await page.goto(`${server.url}/#token=${token}`);
    await page.waitForSelector('#view h1');
    await page.goto(`${server.url}/${hash}`);
    return page;
  }

  async function submitForm(page: Page, button: string): Promise<string> {
    await page.getByRole('button', { name: button, exact: true }).click();
    const outcome = page.locator('#flash, .form-status.error').first();
    await outcome.waitFor();
    return outcome.innerText();
  }

  beforeAll(async () => {
    // The desk's bundle is built first: the server reads it when it starts.
    desk = await launchDesk(width);
    server = await startTestServer({
      config: { debtor: { name: 'Region Jämtland Härjedalen', bankgiro: '50501055' } },
    });
    await prepare(server);
  });

  afterAll(async () => {
    await desk?.close();
    await server?.close();
  });

  it('orders, confirms the account and attests with the basis in view', async () => {
    // --- finance orders the payable amount, with what is payable beside it ---
    let page = await open(TOKENS.finance, `${GRANT_HASH}?tab=actions&action=PayClaim`);
    await page.waitForSelector('form[data-command="PayClaim"]');
    expect(await page.locator('#basis-order').innerText()).toContain('85 221,00 kr');
    await page.getByLabel('Beordrad den').fill('2024-02-05');
    await check(page, 'order');
    expect(await submitForm(page, 'Beordra utbetalningen')).toContain('Utbetalning beordrad');
    await page.close();

    // --- the attester confirms the changed account: old, new and who changed it ---
    page = await open(TOKENS.attester, `${GRANT_HASH}?tab=actions&action=ConfirmPayoutAccount`);
    const confirm = page.locator('#basis-confirm');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('Bankgiro 991-2346');
    expect(await confirm.innerText()).toContain('ekonom.ordering@regionjh.se');
    await page.getByLabel('Bekräftat den').fill('2024-02-06');
    await check(page, 'confirm-account');
    expect(await submitForm(page, 'Bekräfta konto')).toContain('Utbetalningskonto bekräftat');

    // --- and attests the claim payment, seeing payee, account, claim lines and who ordered ---
    await page.goto(`${server.url}/${GRANT_HASH}?tab=actions&action=AttestPayment`);
    const basis = page.locator('#basis-attest');
    await basis.waitFor();
    const seen = await basis.innerText();
    for (const text of [
      'Bankgiro 991-2346',
      'ekonom.ordering@regionjh.se',
      '85 221,00 kr',
      'Personal',
    ])
      expect(seen).toContain(text);
    await page.getByLabel('Attesterad den').fill('2024-02-06');
    await check(page, 'attest');
    expect(await submitForm(page, 'Attestera')).toContain('Utbetalning attesterad');
    await page.close();
  });

  it('creates the bank file with one button, downloads it and lists it', async () => {
    const page = await open(TOKENS.finance, '#/');
    await menu(page).getByRole('link', { name: 'Betalningar till banken' }).click();
    await page.waitForSelector('#pay-run-table');
    expect(await page.locator('#debtor').innerText()).toContain('50501055');
    expect(await page.locator('#pay-run-table tbody tr').count()).toBe(2);
    expect(await page.locator('#pay-run-total').innerText()).toContain('228 000,00 kr');
    await check(page, 'pay-run');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Skapa bankfil' }).click(),
    ]);
    const xml = await readFile((await download.path())!, 'utf8');
    expect(validateXml(xml, PAIN_001_XSD)).toMatchObject({ valid: true });
    expect(xml).toContain(`${GRANT}+${ADVANCE}`);
    await page.locator('#flash').waitFor();
    expect(await page.locator('#issued-files').innerText()).toContain('228 000,00 kr');
    expect(await page.locator('#pay-run-table').count()).toBe(0);
    await check(page, 'file-made');
    await page.close();
  });

  it('reads the statement, shows what it would do, and records it with Bokför', async () => {
    const page = await open(TOKENS.finance, '#/');
    await menu(page).getByRole('link', { name: 'Läs in kontoutdrag' }).click();
    const statement = camt054([
      {
        amount: '142779.00',
        direction: 'DBIT',
        bookedOn: '2024-02-08',
        bankReference: 'B-1',
        endToEndId: `${GRANT}+${ADVANCE}`,
      },
      {
        amount: '85221.00',
        direction: 'DBIT',
        bookedOn: '2024-02-08',
        bankReference: 'B-2',
        endToEndId: `${GRANT}+RUN/573/2022-payment-2`,
        reversal: true,
      },
      { amount: '35.00', direction: 'DBIT', bookedOn: '2024-02-08', bankReference: 'FEE-1' },
    ]);
    await page.getByLabel('Kontoutdrag', { exact: true }).setInputFiles({
      name: 'camt054.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(statement),
    });
    await page.getByRole('button', { name: 'Bokför' }).waitFor();
    const rows = page.locator('#statement-answer tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await page.locator('#statement-matched tbody tr').count()).toBe(1);
    await check(page, 'statement-preview');
    await page.getByRole('button', { name: 'Bokför' }).click();
    // the settlement and the return are recorded; the bank fee stays an unknown line
    await page.locator('#statement-answer', { hasText: /\d+ händelser bokfördes/ }).waitFor();
    expect(await page.locator('#statement-matched tbody tr').count()).toBe(1);
    expect(await page.locator('#statement-unknownInBank tbody tr').count()).toBe(1);
    await check(page, 'statement-recorded');
    await menu(page).getByRole('link', { name: 'Betalningar till banken' }).click();
    await page.waitForSelector('#issued-files');
    // the advance is booked; the returned payment is no longer counted as in the file
    expect(await page.locator('#issued-files').innerText()).toContain('Bokförd av banken');
    await page.close();
  });

  it('met every check on the way: no page errors, no axe violations, nothing wider than the window', () => {
    expect(watched.flat()).toEqual([]);
    expect(a11y).toEqual([]);
    expect(overflow).toEqual([]);
  });
});
