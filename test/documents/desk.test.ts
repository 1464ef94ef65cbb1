// The desk's delegation report and decision-letter button in a real browser (Debian
// chromium), against the real server with the founding case: the officer asks for 2023,
// reads the founding decision in the table, opens the print view, downloads the PDF, and
// downloads the grant's decision letter from its page; pdftotext reads both files.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { buildDashboard } from '../../infra/web/build.js';
import { GRANT, TOKENS } from '../http/support.js';
import {
  axeViolations,
  executablePath,
  haveChromium,
  inCi,
  launchDesk,
  screenshot,
  watchProblems,
  type Desk,
} from '../web/browser.js';
import { foundingCaseServer, SEED_FIGURES } from './founding.js';
import { POPPLER, pdfText } from './poppler.js';

const ready = haveChromium && POPPLER;
if (!ready && !inCi) {
  console.warn(`SKIPPED desk documents: needs chromium at ${executablePath} and poppler-utils`);
}

/** Clicks a download button and returns the downloaded file's bytes. */
async function downloadBy(page: Page, name: string | RegExp): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name }).click(),
  ]);
  return fs.readFileSync((await download.path())!);
}

/**
 * A tab signed in as the officer through the ready link, with its problems watched. Signed
 * in is the header naming the person: these tests go to their own pages from there.
 */
async function officerPage(desk: Desk, url: string) {
  const page = await desk.context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${url}/#token=${TOKENS.officer}`);
  await page.locator('#whoami', { hasText: 'officer@' }).waitFor();
  return { page, problems };
}

(ready || inCi ? describe : describe.skip)('the desk’s documents at 1 440 px', () => {
  // The server reads the desk's bundle when it starts: build it first.
  beforeAll(() => buildDashboard());
  const server = foundingCaseServer();

  it('given the founding case, when the officer asks for the delegation report of 2023, then the decision is listed, printable and downloadable as PDF', async () => {
    const desk = await launchDesk(1440);
    try {
      const { page, problems } = await officerPage(desk, server().url);
      // when
      await page.getByRole('link', { name: 'Delegationsbeslut' }).click();
      await page.getByRole('heading', { name: 'Anmälan av delegationsbeslut' }).waitFor();
      await page.getByLabel('Från beslutsdatum').fill('2023-01-01');
      await page.getByLabel('Till och med').fill('2023-12-31');
      await page.getByRole('button', { name: 'Visa' }).click();
      const row = page.locator('table.delegation-report tbody tr');
      await row.first().waitFor();
      // then
      expect(await row.count()).toBe(1);
      const cells = await row.first().locator('td').allInnerTexts();
      expect(cells.slice(0, 6)).toEqual([
        GRANT,
        'Coompanion - Kooperativ Utveckling Jämtlands län ek. för.',
        expect.stringContaining('Förstudie - Stärkta färdigheter'),
        '2023-04-20',
        'Jonas Andersson',
        'Beviljat',
      ]);
      expect(cells[6]!.replace(/\s/g, ' ')).toBe('763 643,00 kr');
      expect(cells[7]).toBe('RUN/12/2023 § 30/2023');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'delegation-report-1440');

      const pdf = pdfText(await downloadBy(page, 'Ladda ned PDF'));
      expect(pdf).toContain('Anmälan av delegationsbeslut');
      expect(pdf).toContain('RUN/573/2022');

      await page.getByRole('link', { name: 'Utskriftsvy' }).click();
      await page.locator('#print-delegation-report').waitFor();
      expect(await page.locator('#print-delegation-report').innerText()).toContain(
        'Beslut fattade med stöd av delegation 2023-01-01 – 2023-12-31',
      );
      await page.emulateMedia({ media: 'print' });
      // Printed, the page is the document alone: no navigation, no buttons.
      expect(await page.locator('#nav').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Skriv ut' }).isVisible()).toBe(false);
      await screenshot(page, 'delegation-report-print');
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
    }
  });

  it('given the founding case, when the officer clicks the decision-letter button on its page, then the letter with the seed’s figures is downloaded', async () => {
    const desk = await launchDesk(1440);
    try {
      const { page, problems } = await officerPage(desk, server().url);
      await page.goto(`${server().url}/#/grants/${encodeURIComponent(GRANT)}`);
      await page.getByRole('button', { name: 'Beslutsbrev (PDF)' }).waitFor();
      const text = pdfText(await downloadBy(page, 'Beslutsbrev (PDF)'));
      for (const figure of SEED_FIGURES) expect(text).toContain(figure);
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
    }
  });
});
