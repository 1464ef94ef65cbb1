// The dashboard in a real browser (Debian chromium through playwright-core) against the real
// server with the founding case loaded: what a person sees.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { GRANT, loadFoundingCase, startTestServer, TOKENS, type TestServer } from './support.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const haveChromium = existsSync(executablePath);
if (!haveChromium && !inCi) {
  console.warn(`dashboard.test.ts skipped: no chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

describe('the dashboard', () => {
  if (!haveChromium) {
    if (inCi) it('needs chromium in CI', () => {
      throw new Error(`no chromium at ${executablePath}: CI must install it (apt-get install -y chromium) and set CHROMIUM_PATH`);
    });
    else it.skip(`needs chromium at ${executablePath}`, () => undefined);
    return;
  }

  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    await loadFoundingCase(server);
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the grant, its figures, its indicator and its chart to a viewer who follows a demo link', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    // when the viewer opens the demo link
    await page.goto(`${server.url}/?token=${TOKENS.viewer}`);
    await page.waitForSelector('#grants-table');

    // then the token has left the address bar for localStorage, and the list shows the grant
    expect(page.url()).not.toContain(TOKENS.viewer);
    expect(await page.evaluate('localStorage.getItem("grant-ledger.token")')).toBe(TOKENS.viewer);
    const row = page.locator('#grants-table tbody tr', { hasText: GRANT });
    await expect(row.count()).resolves.toBe(1);
    const rowText = await row.innerText();
    expect(rowText).toContain('approved');
    expect(rowText).toContain('763 643,00 kr');
    expect(rowText).toContain('0,00 kr');
    expect(await page.locator('#overdue-list').innerText()).toContain(GRANT);
    expect(await page.locator('#whoami').innerText()).toContain('lasare@regionjh.se');
    await page.screenshot({ path: path.join(os.tmpdir(), 'grant-ledger-dashboard-list.png'), fullPage: true });

    // when they open the grant
    await page.getByRole('link', { name: GRANT }).first().click();
    await page.waitForSelector('#balance-table');

    // then they see its balance, indicator and chart
    const balance = await page.locator('#balance-table').innerText();
    for (const figure of ['763 643,00 kr', '142 779,00 kr', '620 864,00 kr', '60 %']) expect(balance).toContain(figure);
    const remaining = await page.locator('#balance-table tr[data-figure="remainingCap"] td').innerText();
    const undisbursed = await page.locator('#balance-table tr[data-figure="undisbursed"] td').innerText();
    expect([remaining, undisbursed]).toEqual(['763 643,00 kr', '620 864,00 kr']);
    const indicator = await page.locator('#indicators-table tbody tr').first().innerText();
    expect(indicator).toContain('Antal framtagna kunskapsunderlag, strategier och program');
    expect(indicator).toMatch(/report\s+0\s+1/);
    const chart = page.locator('svg#timeline-chart');
    await expect(chart.count()).resolves.toBe(1);
    expect(await chart.locator('path[data-series]').count()).toBe(3);
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await page.locator('#payments-table').innerText()).toContain('RUN/573/2022-advance-1');
    expect(await page.locator('#view').innerText()).not.toMatch(/\bnull\b|\bundefined\b|NaN/);
    await page.screenshot({ path: path.join(os.tmpdir(), 'grant-ledger-dashboard-grant.png'), fullPage: true });

    // and as of the day the advance was ordered, it is pending and nothing is paid yet
    await page.getByLabel('As of date').fill('2023-05-02');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForSelector('.notice');
    expect(await page.locator('#balance-table tr[data-figure="pendingPayments"] td').innerText()).toBe('142 779,00 kr');
    expect(await page.locator('#balance-table tr[data-figure="netPaid"] td').innerText()).toBe('0,00 kr');

    // and nothing went wrong in the page (a CSP violation would show here)
    expect(problems).toEqual([]);
    await page.close();
  });

  it('asks for a token, and refuses an unknown one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('API token').fill('not-a-valid-token-000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').first().innerText()).resolves.toContain('not known');
    await page.getByLabel('API token').fill(TOKENS.auditor);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#grants-table');
    expect(await page.locator('#whoami').innerText()).toContain('revisor@regionjh.se');
    await context.close();
  });
});
