// What the browser tests share: Debian's chromium through playwright-core (a new empty
// profile each launch), the dashboard bundle built once, axe-core injected into a page,
// and screenshots kept in test-artifacts/ for people to look at.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildDashboard } from '../../infra/web/build.js';
import { ROOT } from '../../infra/web/paths.js';

export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(executablePath);
export const inCi =
  process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Desk {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with a fresh, empty profile (user-data-dir), closed and removed by close(). */
export async function launchDesk(width: number): Promise<Desk> {
  await buildDashboard();
  const profile = await mkdtemp(path.join(os.tmpdir(), 'grant-ledger-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: ARGS,
    viewport: { width, height: 900 },
    locale: 'sv-SE',
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Collects page errors and console errors (a CSP violation shows there). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A refused command answers 4xx on purpose (the tests provoke some); anything else counts.
    const expected = /^Failed to load resource: the server responded with a status of 4\d\d/.test(
      message.text(),
    );
    if (message.type() === 'error' && !expected) problems.push(`console: ${message.text()}`);
  });
  return problems;
}

let axeSource: string | undefined;

/** axe-core's WCAG 2 A/AA rules on the page as it is now; returns the violations, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  );
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })",
  )) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** The page is no wider than the window: nothing scrolls sideways. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return (await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
