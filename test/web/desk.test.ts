// The finance desk in a real browser (Debian chromium), against the real server with the
// founding case loaded: the case's next steps done only by clicking and typing, by an
// officer, a finance officer and a second person who attests — at 1 440 px and at 390 px.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  GRANT,
  loadFoundingCase,
  startTestServer,
  TOKENS,
  type TestServer,
} from '../http/support.js';
import {
  axeViolations,
  haveChromium,
  inCi,
  launchDesk,
  screenshot,
  sidewaysOverflow,
  watchProblems,
  executablePath,
  type Desk,
} from './browser.js';

if (!haveChromium && !inCi)
  console.warn(
    `desk.test.ts skipped: no chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );

const WIDTHS = [1440, 390] as const;

async function signInWithReadyLink(
  desk: Desk,
  server: TestServer,
  token: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await desk.context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${server.url}/#token=${token}`);
  await page.waitForSelector('#view h1');
  return { page, problems };
}

async function worklistCount(page: Page, id: string): Promise<number> {
  await page.goto(page.url().split('#')[0] + '#/');
  await page.waitForSelector(`#wl-${id}`);
  return Number(await page.locator(`#wl-${id}`).getAttribute('data-count'));
}

async function figure(page: Page, key: string): Promise<string> {
  return page.locator(`#balance-table tr[data-figure="${key}"] td`).innerText();
}

/** Clicks the worklist item's action link for `ref` and waits for its form. */
async function doFromWorklist(page: Page, list: string, ref: string | null): Promise<void> {
  const row =
    ref === null
      ? page.locator(`#wl-${list}-table tbody tr`).first()
      : page.locator(`#wl-${list}-table tbody tr`, { hasText: ref });
  await row.getByRole('link', { name: /./ }).last().click();
  await page.waitForSelector('form.command-form');
}

async function submit(page: Page): Promise<string> {
  await page.locator('form.command-form button[type="submit"]').click();
  const outcome = page.locator('#flash, .form-status.error').first();
  await outcome.waitFor();
  return outcome.innerText();
}

describe.each(WIDTHS)('the finance desk at %i px', (width) => {
  if (!haveChromium) {
    if (inCi)
      it('needs chromium in CI', () => {
        throw new Error(
          `no chromium at ${executablePath}: CI must install it and set CHROMIUM_PATH`,
        );
      });
    else it.skip(`needs chromium at ${executablePath}`, () => undefined);
    return;
  }

  let server: TestServer;
  let desk: Desk;
  const problems: string[] = [];
  const a11y: string[] = [];
  const overflow: string[] = [];

  /** Every view the test passes through is checked the same way. */
  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, `${width}-${name}`);
    a11y.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    const wider = await sidewaysOverflow(page);
    if (wider > 0) overflow.push(`${name}: ${wider} px too wide`);
  }

  beforeAll(async () => {
    // The desk's bundle is built first: the server reads it when it starts.
    desk = await launchDesk(width);
    server = await startTestServer();
    await loadFoundingCase(server);
  });

  afterAll(async () => {
    await desk?.close();
    await server?.close();
  });

  it('signs in from the ready link, Swedish first, and keeps the token off the address bar', async () => {
    const { page, problems: p } = await signInWithReadyLink(desk, server, TOKENS.officer);
    expect(page.url()).not.toContain(TOKENS.officer);
    expect(await page.evaluate('document.documentElement.lang')).toBe('sv');
    expect(await page.evaluate('sessionStorage.getItem("grant-ledger.token")')).toBe(
      TOKENS.officer,
    );
    expect(await page.evaluate('localStorage.getItem("grant-ledger.token")')).toBeNull();
    expect(await page.locator('#whoami').innerText()).toContain('handläggare');
    await check(page, 'officer-start');
    problems.push(...p);
    await page.close();
  });

  it('does the founding case’s next steps by clicking and typing, as an officer, a finance officer and an attester', async () => {
    // --- the officer fulfils the condition from the worklist ---
    const officer = await signInWithReadyLink(desk, server, TOKENS.officer);
    let page = officer.page;
    expect(await worklistCount(page, 'conditions')).toBe(1);
    await doFromWorklist(page, 'conditions', 'other-financing');
    await page.getByLabel('Uppfyllt den').fill('2023-06-01');
    await page.getByLabel('Underlag').fill('Tillväxtverkets beslut om ERUF-medel');
    await check(page, 'officer-fulfil-form');
    expect(await submit(page)).toMatch(/Registrerat: Villkor uppfyllt på position \d+/);
    expect(await page.locator('#conditions').innerText()).toContain('uppfyllt 2023-06-01');
    expect(await worklistCount(page, 'conditions')).toBe(0);
    problems.push(...officer.problems);
    await page.close();

    // --- finance reports costs, with a typing mistake shown beside its field ---
    const finance = await signInWithReadyLink(desk, server, TOKENS.finance);
    page = finance.page;
    await page.goto(
      `${server.url}/#/grants/${encodeURIComponent(GRANT)}?tab=actions&action=ReportCosts`,
    );
    await page.waitForSelector('form[data-command="ReportCosts"]');
    const form = page.locator('form[data-command="ReportCosts"]');
    await form.getByLabel('Från').fill('2023-05-01');
    await form.getByLabel('Till').fill('2023-12-31');
    const row0 = form.locator('[data-path="costs"] [data-row="0"]');
    await row0.getByLabel('Kostnadsslag').fill('Personal');
    await row0.getByLabel('Belopp').fill('tolv kronor');
    await form
      .getByRole('button', { name: /Lägg till rad/ })
      .first()
      .click();
    const row1 = form.locator('[data-path="costs"] [data-row="1"]');
    await row1.getByLabel('Kostnadsslag').fill('Externa tjänster');
    await row1.getByLabel('Belopp').fill('100000.00');
    await form.getByLabel('Inlämnad').fill('2024-01-15');
    expect(await submit(page)).toContain('Rätta fälten');
    expect(await page.locator('[data-error-for="costs.0.amount"]').innerText()).toBe(
      'måste vara ett belopp i kronor, t.ex. 142 779,00',
    );
    await check(page, 'finance-claim-form-error');
    await row0.getByLabel('Belopp').fill('300 000,00');
    expect(await submit(page)).toMatch(/Registrerat: Kostnader redovisade på position \d+/);

    // --- finance reviews it from the worklist, disallowing part with a reason ---
    expect(await worklistCount(page, 'claimsToReview')).toBe(1);
    await doFromWorklist(page, 'claimsToReview', null);
    const review = page.locator('form[data-command="ReviewCosts"]');
    expect(await review.getByLabel('Godkänt belopp').inputValue()).toBe('400000.00');
    await review.getByLabel('Granskad den').fill('2024-02-01');
    await review.getByLabel('Godkänt belopp').fill('380 000,00');
    await review.getByRole('button', { name: /Lägg till rad/ }).click();
    const disallowed = review.locator('[data-path="disallowed"] [data-row="0"]');
    await disallowed.getByLabel('Ej godkänt belopp').fill('20 000,00');
    await disallowed.getByLabel('Skäl').fill('Resa utanför projektets syfte');
    expect(await submit(page)).toMatch(/Registrerat: Rekvisition granskad på position \d+/);
    await page.getByRole('link', { name: 'Rekvisitioner' }).click();
    await page.waitForSelector('article.claim');
    const claim = await page.locator('article.claim').innerText();
    for (const text of [
      'Personal',
      '300 000,00 kr',
      'Externa tjänster',
      '400 000,00 kr',
      '20 000,00 kr',
      'Resa utanför projektets syfte',
    ])
      expect(claim).toContain(text);
    await check(page, 'finance-claims');

    // --- finance orders the payable amount; an amount above it is refused beside the field ---
    expect(await worklistCount(page, 'payable')).toBe(1);
    expect(await page.locator('#wl-payable-table').innerText()).toContain('85 221,00 kr');
    await doFromWorklist(page, 'payable', null);
    const order = page.locator('form[data-command="PayClaim"]');
    expect(await order.getByLabel('Belopp').inputValue()).toBe('85221.00');
    await order.getByLabel('Beordrad den').fill('2024-02-05');
    await order.getByLabel('Belopp').fill('90 000,00');
    expect(await submit(page)).toContain('EXCEEDS_PAYABLE');
    expect(await page.locator('[data-error-for="amount"]').innerText()).toContain(
      'större än det som får betalas ut nu',
    );
    await check(page, 'finance-order-refused');
    await order.getByLabel('Belopp').fill('85 221,00');
    expect(await submit(page)).toMatch(/Registrerat: Utbetalning beordrad på position \d+/);
    expect(await figure(page, 'pendingPayments')).toBe('85 221,00 kr');
    expect(await worklistCount(page, 'payable')).toBe(0);
    problems.push(...finance.problems);
    await page.close();

    // --- another person attests it: it waits in their list, and leaves it ---
    const attester = await signInWithReadyLink(desk, server, TOKENS.attester);
    page = attester.page;
    expect(await worklistCount(page, 'toAttest')).toBe(1);
    expect(await page.locator('#wl-toAttest').innerText()).toContain('ekonom.ordering@regionjh.se');
    await check(page, 'attester-start');
    await doFromWorklist(page, 'toAttest', null);
    // the basis beside the decision: who ordered it, the amount, what remains payable
    const basis = await page.locator('#basis-attest').innerText();
    expect(basis).toContain('ekonom.ordering@regionjh.se');
    expect(basis).toContain('85 221,00 kr');
    expect(await page.locator('form.command-form button[type="submit"]').innerText()).toBe(
      'Attestera',
    );
    await page.getByLabel('Attesterad den').fill('2024-02-06');
    expect(await submit(page)).toMatch(/Registrerat: Utbetalning attesterad på position \d+/);
    expect(await figure(page, 'netPaid')).toBe('228 000,00 kr');
    expect(await figure(page, 'payable')).toBe('0,00 kr');
    expect(await figure(page, 'pendingPayments')).toBe('0,00 kr');
    expect(await figure(page, 'undisbursed')).toBe('535 643,00 kr');
    expect(await figure(page, 'entitlement')).toBe('228 000,00 kr');
    await check(page, 'attester-grant');
    expect(await worklistCount(page, 'toAttest')).toBe(0);
    problems.push(...attester.problems);
    await page.close();

    // --- and finance now sees it among attested payments not yet in a bank file ---
    const financeAgain = await signInWithReadyLink(desk, server, TOKENS.finance);
    expect(await worklistCount(financeAgain.page, 'notInBankFile')).toBe(2);
    await financeAgain.page.goto(
      `${server.url}/#/grants/${encodeURIComponent(GRANT)}?tab=payments`,
    );
    await financeAgain.page.waitForSelector('#payments-table');
    const path = await financeAgain.page.locator('#payments-table').innerText();
    expect(path).toMatch(/Beordrad[\s\S]*2024-02-05 av ekonom\.ordering@regionjh\.se/);
    expect(path).toMatch(/Attesterad[\s\S]*2024-02-06 av ekonom\.attest@regionjh\.se/);
    await check((page = financeAgain.page), 'finance-payments');
    problems.push(...financeAgain.problems);
    await page.close();
  });

  it('shows the auditor the history with hashes and verifies the chains', async () => {
    const { page, problems: p } = await signInWithReadyLink(desk, server, TOKENS.auditor);
    await page.waitForSelector('#latest-events');
    await page.getByRole('button', { name: 'Kontrollera hashkedjorna' }).click();
    await page
      .locator('#verify-result', { hasText: /Alla \d+ händelser i 1 strömmar är intakta/ })
      .waitFor();
    await check(page, 'auditor-start');
    await page.goto(`${server.url}/#/grants/${encodeURIComponent(GRANT)}?tab=history`);
    await page.waitForSelector('#history-table');
    const history = await page.locator('#history-table').innerText();
    expect(history).toContain('Utbetalning attesterad');
    expect(history).toContain('Förskott beordrat');
    expect(history).not.toContain('UTC');
    // a row opens to the event's data: amount, who, the type's code
    await page.locator('#history-table details').first().locator('summary').click();
    expect(await page.locator('#history-table details[open]').innerText()).toContain('title');
    expect(history).toContain('ekonom.attest@regionjh.se');
    expect(history).toMatch(/[0-9a-f]{64}/);
    await check(page, 'auditor-history');
    problems.push(...p);
    await page.close();
  });

  it('lists grants with totals, shows the portfolio, travels in time and prints a payment order', async () => {
    const { page, problems: p } = await signInWithReadyLink(desk, server, TOKENS.viewer);
    await page
      .getByRole('navigation', { name: 'Meny' })
      .getByRole('link', { name: 'Ärenden' })
      .click();
    await page.waitForSelector('#grants-table');
    await page.getByLabel('Sök').fill('coompanion');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForFunction('location.hash.includes("q=coompanion")');
    expect(await page.locator('#grants-table tbody tr').count()).toBe(1);
    expect(await page.locator('#grants-table tfoot').innerText()).toContain('763 643,00 kr');
    await check(page, 'viewer-grants');
    await page
      .getByRole('navigation', { name: 'Meny' })
      .getByRole('link', { name: 'Portfölj' })
      .click();
    await page.waitForSelector('#portfolio-table');
    expect(await page.locator('#portfolio-table').innerText()).toContain(
      '1:1 Regionala tillväxtåtgärder',
    );
    await page.goto(`${server.url}/#/grants/${encodeURIComponent(GRANT)}`);
    await page.waitForSelector('#balance-table');
    await page.getByLabel('Per datum').fill('2023-05-02');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForSelector('.notice');
    expect(await figure(page, 'pendingPayments')).toBe('142 779,00 kr');
    expect(await figure(page, 'netPaid')).toBe('0,00 kr');
    await check(page, 'viewer-grant-as-of');
    await page.goto(
      `${server.url}/#/grants/${encodeURIComponent(GRANT)}/print/payment/${encodeURIComponent('RUN/573/2022-advance-1')}`,
    );
    await page.waitForSelector('#print-payment');
    expect(await page.locator('#print-payment').innerText()).toContain('142 779,00 kr');
    await check(page, 'viewer-print-payment');
    problems.push(...p);
    await page.close();
  });

  it('explains where tokens come from, refuses an unknown one and shows no sign-out before sign-in', async () => {
    const page = await desk.context.newPage();
    await page.goto(`${server.url}/`);
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.locator('#signout').isVisible()).toBe(false);
    expect(await page.locator('#signin').innerText()).toContain('LEDGER_TOKENS');
    await page.getByLabel('Nyckel').fill('not-a-valid-token-000000');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.locator('#signin-error', { hasText: 'okänd' }).waitFor();
    await check(page, 'signin');
    await page.getByLabel('Språk').selectOption('en');
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    expect(await page.locator('#signin-title').innerText()).toBe('Sign in');
    await page.getByLabel('Language').selectOption('sv');
    await page.close();
  });

  it('met every check on the way: no page errors, no axe violations, nothing wider than the window', () => {
    expect(problems).toEqual([]);
    expect(a11y).toEqual([]);
    expect(overflow).toEqual([]);
  });
});
