// The desk signed in through the region's identity provider: a real oidc-provider on
// loopback, its own login page in Chromium, Authorization Code with PKCE, one command done
// by clicking, the person's actor in the history, tokens in memory only and renewed before
// they expire, and sign-out that ends the session at the provider.
import type { Page } from 'playwright-core';
import { loadFoundingCase, startTestServer, GRANT_PATH, type TestServer } from '../http/support.js';
import { launchDesk, screenshot, watchProblems, type Desk } from '../web/browser.js';
import { logInAtProvider, withoutChromium } from './provider-pages.js';
import { startProvider, type TestProvider } from './provider.js';
import { signInSettings } from './support.js';

/** Access tokens live 20 s here, so that the desk must renew one while the test watches. */
const ACCESS_TOKEN_TTL = 20;

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('#signin-provider').click();
  await page.locator('input[name=login]').waitFor();
  await logInAtProvider(page, login, page.locator('#whoami'));
  await page.waitForSelector('#view h1');
}

describe('the desk with sign-in at the region provider', () => {
  if (withoutChromium()) return;

  let provider: TestProvider;
  let server: TestServer;
  let desk: Desk;

  beforeAll(async () => {
    provider = await startProvider('http://127.0.0.1:9', { accessTokenTtl: ACCESS_TOKEN_TTL });
    server = await startTestServer({
      app: { oidc: signInSettings(provider.issuer), jwksCooldownMs: 0 },
    });
    provider.useDesk(server.url);
    await loadFoundingCase(server);
    desk = await launchDesk(1440);
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
    await server?.close();
    await provider?.close();
  });

  it('signs Anna in at the provider, records her command as her, renews and signs out', async () => {
    const page = await desk.context.newPage();
    const problems = watchProblems(page);
    // given the desk, which offers the region's sign-in and no token field
    await page.goto(`${server.url}/`);
    await page.locator('#signin-provider').waitFor();
    expect(await page.locator('#token').isVisible()).toBe(false);
    await screenshot(page, 'oidc-sign-in');
    // when Anna signs in on the provider's own login page
    await signInAtProvider(page, 'anna');
    // then the desk greets her by her actor in normal form, and the address is clean
    expect(await page.locator('#whoami').innerText()).toContain('anna.handlaggare@regionjh.se');
    expect(page.url()).not.toMatch(/[?&](code|state)=/);

    // when she fulfils the condition from her worklist
    await page.goto(`${server.url}/#/`);
    const row = page.locator('#wl-conditions-table tbody tr', { hasText: 'other-financing' });
    await row.getByRole('link', { name: /./ }).last().click();
    await page.getByLabel('Uppfyllt den').fill('2023-06-01');
    await page.getByLabel('Underlag').fill('Tillväxtverkets beslut om ERUF-medel');
    await page.getByRole('button', { name: 'Registrera' }).click();
    await page.locator('#flash').waitFor();
    // then the history names her
    const history = await server.call('GET', `${GRANT_PATH}/history`, { who: 'auditor' });
    const last = history.body.at(-1);
    expect([last.type, last.actor]).toEqual(['ConditionFulfilled', 'anna.handlaggare@regionjh.se']);

    // and no token was put where a script could find it later
    const stored = (await page.evaluate(
      'JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)])',
    )) as string;
    expect(stored).not.toMatch(/eyJ/);

    // when the access token nears its end, the desk renews it and keeps working
    const refreshesBefore = provider.tokenGrants.filter((g) => g === 'refresh_token').length;
    await page.waitForTimeout(ACCESS_TOKEN_TTL * 1000 + 3000);
    expect(provider.tokenGrants.filter((g) => g === 'refresh_token').length).toBeGreaterThan(
      refreshesBefore,
    );
    await page.goto(`${server.url}/#/grants`);
    await page.waitForSelector('#view h1');
    expect(await page.locator('#signin').isVisible()).toBe(false);

    // when she signs out, the provider's session ends too
    await page.locator('#signout').click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.locator('#signin-provider').waitFor();
    // then signing in again asks for her login at the provider
    await page.locator('#signin-provider').click();
    await page.locator('input[name=login]').waitFor();
    // The provider's own pages ask for a web font from the internet, which this machine
    // cannot reach; nothing else may have failed.
    expect(problems.filter((p) => !p.includes('net::ERR_NAME_NOT_RESOLVED'))).toEqual([]);
    await page.close();
  }, 180_000);

  it('tells a person signed in without a role of the ledger so, in Swedish', async () => {
    // given Nils, whose provider roles are all for other systems
    const page = await desk.context.newPage();
    await page.goto(`${server.url}/`);
    // when he signs in at the provider
    await page.locator('#signin-provider').click();
    await logInAtProvider(page, 'nils', page.locator('#signin-provider'));
    // then the desk stays at its sign-in and says why, and shows nothing of the ledger
    await page.locator('#signin-provider-error', { hasText: /ingen roll i reskontran/ }).waitFor();
    expect(await page.locator('#session').isVisible()).toBe(false);
    await page.close();
  }, 120_000);

  it('keeps the token sign-in of the demo when no issuer is configured', async () => {
    const plain = await startTestServer();
    try {
      const page = await desk.context.newPage();
      await page.goto(`${plain.url}/`);
      await page.locator('#token').waitFor();
      expect(await page.locator('#signin-provider').count()).toBe(0);
      expect((await plain.call('GET', '/sign-in')).body).toEqual({ method: 'token' });
      await page.close();
    } finally {
      await plain.close();
    }
  });
});
