// The person's side of the provider, done in Chromium: its own login page, and the page of
// the device flow where the CLI's code is confirmed.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { executablePath, haveChromium, inCi } from '../web/browser.js';

/**
 * Inside a describe: without Chromium, a skipped test that says why (a failing one in CI,
 * which must have it), and true so that the describe registers nothing else.
 */
export function withoutChromium(): boolean {
  if (haveChromium) return false;
  if (inCi)
    it('needs chromium in CI', () => {
      throw new Error(`no chromium at ${executablePath}: CI must install it`);
    });
  else it.skip(`needs chromium at ${executablePath}`, () => undefined);
  return true;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * The provider's login form (its development login page takes any password), then its
 * consent page when it asks, as a person would click through them.
 */
export async function logInAtProvider(page: Page, login: string, landed: Locator): Promise<void> {
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('not-checked-by-the-test-provider');
  await page.locator('button[type=submit]').click();
  const consent = page.getByRole('heading', { name: 'Authorize' });
  for (let round = 0; round < 3; round++) {
    await consent.or(landed).first().waitFor({ timeout: 30_000 });
    if (await landed.count()) return;
    await Promise.all([
      page.waitForEvent('load', { timeout: 30_000 }),
      page.locator('button[type=submit]', { hasText: 'Continue' }).click(),
    ]);
  }
  await landed.first().waitFor({ timeout: 30_000 });
}

/** Opens the address the CLI printed, confirms its code and logs in. */
export async function confirmDeviceCode(browser: Browser, url: string, login: string) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.locator('button[type=submit]', { hasText: 'Continue' }).click();
    await logInAtProvider(page, login, page.getByText(/Sign-in Success/i));
  } finally {
    await page.close();
  }
}
