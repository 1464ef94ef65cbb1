// The verify button: recomputes every hash chain on the server (GET /verify, auditors)
// and says in one sentence whether the ledger is intact.
import { get } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

/** What GET /verify answers (infra/eventstore/verify.ts), as far as the desk reads it. */
interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  firstBreak?: unknown;
  /** The newest recorded seal the ledger was held against (null: never sealed). */
  newestSeal?: { ok: boolean; problems: unknown[] } | null;
}

export function verifyPanel(): HTMLElement {
  const result = h('p', { id: 'verify-result', role: 'status', 'aria-live': 'polite' });
  const button = h(
    'button',
    { type: 'button', id: 'verify-button', class: 'primary' },
    t('verifyButton'),
  );
  button.addEventListener('click', async () => {
    result.textContent = t('verifying');
    button.disabled = true;
    try {
      const report = await get<VerifyReport>('/verify');
      result.className = report.ok ? 'ok' : 'error';
      result.textContent = report.ok
        ? t('verifyOk', report.events, report.streams)
        : t('verifyBroken', JSON.stringify(report.firstBreak ?? report.newestSeal?.problems));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'verify' }, button, result);
}
