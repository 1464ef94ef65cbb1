// What every view shares: who is signed in, the message of the last recorded command,
// and today's date as the person's calendar has it.
import type { Me } from './api.js';
import { h } from './dom.js';

export const app: { me: Me | undefined; flash: string | undefined } = {
  me: undefined,
  flash: undefined,
};

export function me(): Me {
  if (!app.me) throw new Error('not signed in');
  return app.me;
}

export const may = (permission: string): boolean => me().permissions.includes(permission);
export const hasRole = (role: string): boolean => me().roles.includes(role);

/** Today as YYYY-MM-DD in the person's time zone. */
export function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The confirmation of the last recorded command, shown once at the top of the next view. */
export function takeFlash(): HTMLElement | null {
  const text = app.flash;
  app.flash = undefined;
  return text
    ? h('p', { class: 'flash', role: 'status', id: 'flash', tabindex: '-1' }, text)
    : null;
}

export const grantHref = (grantId: string, query = ''): string =>
  `#/grants/${encodeURIComponent(grantId)}${query ? `?${query}` : ''}`;
