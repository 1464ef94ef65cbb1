// The finance desk: signs the person in, shows the header for their roles, and routes
// the address (#/…) to a view. It reads and writes only through the ledger's HTTP API.
import { ApiError, get, session, takeTokenFromAddress, type Me } from './api.js';
import { h, type Child } from './dom.js';
import { commandForm } from './forms.js';
import { LANGUAGES, language, setLanguage, t, tDynamic } from './i18n.js';
import { eventName } from './messages.js';
import {
  finishSignIn,
  loadSignInMethod,
  showProviderSignIn,
  signInWords,
  signOutAtProvider,
} from './sign-in.js';
import { app, grantHref, hasRole, localToday } from './state.js';
import { delegationReportView, printDelegationReportView } from './views/documents.js';
import { grantView } from './views/grant.js';
import { grantsView, portfolioView } from './views/grants.js';
import { payRunView } from './views/pay-run.js';
import { printBalanceView, printPaymentView } from './views/print.js';
import { startView } from './views/start.js';
import { statementView } from './views/statement.js';

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The static page's words follow the chosen language too. */
function translatePage(): void {
  document.documentElement.lang = language();
  document.title = t('appName');
  for (const element of document.querySelectorAll<HTMLElement>('[data-word]'))
    element.textContent = t(element.dataset.word as Parameters<typeof t>[0]);
  const select = byId<HTMLSelectElement>('language');
  select.value = language();
}

function render(nodes: Child[]): void {
  const view = byId('view');
  view.replaceChildren();
  for (const n of nodes.flat(3))
    if (n !== null && n !== undefined && n !== false)
      view.append(n instanceof Node ? n : String(n));
}

/** 'oidc' when people sign in at the region's identity provider (sign-in.ts). */
let signInMethod: 'token' | 'oidc' = 'token';

function showSignIn(message = ''): void {
  app.me = undefined;
  byId('session').hidden = true;
  byId('nav').hidden = true;
  byId('signin').hidden = false;
  render([]);
  if (signInMethod === 'oidc') return showProviderSignIn(byId('signin'), message);
  byId('signin-error').textContent = message;
  byId('token').focus();
}

/** The provider's answer after its login page, then the person's own desk. */
async function startSignedIn(): Promise<void> {
  try {
    signInMethod = await loadSignInMethod();
    if (signInMethod === 'oidc') await finishSignIn(() => showSignIn(signInWords().expired));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return showSignIn(`${signInWords().failed}${reason}`);
  }
  await signIn();
}

function showNav(me: Me): void {
  const links: [string, string][] = [
    ['#/', t('navStart')],
    ['#/grants', t('navGrants')],
    ['#/portfolio', t('navPortfolio')],
    ['#/delegation-report', language() === 'sv' ? 'Delegationsbeslut' : 'Delegated decisions'],
  ];
  if (me.commands.includes('ApplyForCoFinancing')) links.push(['#/new', t('navNew')]);
  if (me.permissions.includes('payment-files')) links.push(['#/bank', t('navPayRun')]);
  if (me.permissions.includes('reconcile')) links.push(['#/statement', t('navStatement')]);
  const current = `#${location.hash.slice(1).split('?')[0]}`;
  byId('nav').replaceChildren(
    h(
      'ul',
      {},
      links.map(([href, label]) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href,
              'aria-current':
                href === current || (href === '#/grants' && current.startsWith('#/grants/'))
                  ? 'page'
                  : undefined,
            },
            label,
          ),
        ),
      ),
    ),
  );
  byId('nav').hidden = false;
}

async function signIn(): Promise<void> {
  if (!session.token()) return showSignIn();
  try {
    app.me = await get<Me>('/me');
  } catch (error) {
    if (signInMethod === 'oidc' && error instanceof ApiError && [401, 403].includes(error.status)) {
      session.clear();
      return showSignIn(error.status === 403 ? signInWords().noRole : signInWords().refused);
    }
    if (error instanceof ApiError && error.status === 401) {
      session.clear();
      return showSignIn(t('tokenUnknown'));
    }
    return showSignIn(t('unreachable', error instanceof Error ? error.message : String(error)));
  }
  byId('signin').hidden = true;
  byId('session').hidden = false;
  byId('whoami').textContent = t(
    'signedInAs',
    app.me.actor,
    app.me.roles.map((r) => tDynamic('role_', r)).join(', '),
  );
  await route();
}

function newApplicationView(): Child[] {
  if (!hasRole('officer')) return [h('p', {}, t('noActions'))];
  const form = commandForm('ApplyForCoFinancing', {
    values: { submittedOn: localToday() },
    onRecorded: (recorded) => {
      app.flash = t(
        'recorded',
        recorded.events.map((e) => t('recordedEvent', eventName(e.type), e.position)).join(', '),
      );
      location.hash = grantHref(recorded.grantId);
    },
  });
  return [h('h1', {}, t('navNew')), h('section', { class: 'card' }, form)];
}

async function view(path: string, params: URLSearchParams): Promise<Child[]> {
  const print = /^\/grants\/([^/]+)\/print\/(balance|payment)(?:\/(.+))?$/.exec(path);
  if (print) {
    const grantId = decodeURIComponent(print[1]!);
    return print[2] === 'balance'
      ? printBalanceView(grantId, params)
      : printPaymentView(grantId, decodeURIComponent(print[3] ?? ''));
  }
  const grant = /^\/grants\/([^/]+)$/.exec(path);
  if (grant) return grantView(decodeURIComponent(grant[1]!), params);
  if (path === '/grants') return grantsView(params);
  if (path === '/portfolio') return portfolioView();
  if (path === '/delegation-report') return delegationReportView(params);
  if (path === '/print/delegation-report') return printDelegationReportView(params);
  if (path === '/new') return newApplicationView();
  if (path === '/bank') return payRunView();
  if (path === '/statement') return statementView();
  return startView();
}

let routing = 0;

async function route(): Promise<void> {
  if (!app.me) return;
  const [path = '/', query = ''] = location.hash.replace(/^#/, '').split('?');
  const ticket = ++routing;
  showNav(app.me);
  document.body.classList.toggle('printing', path.includes('/print/'));
  try {
    const nodes = await view(path || '/', new URLSearchParams(query));
    if (ticket !== routing) return; // a later navigation won
    render(nodes);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session.clear();
      return showSignIn(t('tokenExpired'));
    }
    render([
      h(
        'p',
        { class: 'error', role: 'alert' },
        error instanceof ApiError ? `${error.message} (${error.code})` : String(error),
      ),
      h('p', {}, h('a', { href: '#/' }, t('backToStart'))),
    ]);
  }
  const flash = document.getElementById('flash');
  if (flash) flash.focus();
  else byId('main').focus({ preventScroll: true });
  const heading = document.querySelector('#view h1');
  document.title = `${heading?.textContent ?? ''} – ${t('appName')}`;
}

function start(): void {
  takeTokenFromAddress();
  const select = byId<HTMLSelectElement>('language');
  select.replaceChildren(
    ...LANGUAGES.map((l) => h('option', { value: l, lang: l }, l === 'sv' ? 'Svenska' : 'English')),
  );
  translatePage();
  select.addEventListener('change', () => {
    setLanguage(select.value === 'en' ? 'en' : 'sv');
    translatePage();
    if (app.me) void signIn();
    else showSignIn();
  });
  byId('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('token');
    const value = input.value.trim();
    if (!value) return;
    session.set(value);
    input.value = '';
    void signIn();
  });
  byId('signout').addEventListener('click', () => {
    if (signInMethod === 'oidc' && signOutAtProvider()) return;
    session.clear();
    showSignIn();
  });
  window.addEventListener('hashchange', () => {
    // A ready link opened in a tab that already shows the desk signs in as its person.
    if (takeTokenFromAddress()) void signIn();
    else void route();
  });
  void startSignedIn();
}

start();
