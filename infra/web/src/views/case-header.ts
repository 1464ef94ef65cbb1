// The grant's header (interfaces.md "The case"): diary number, project, applicant and org
// number, decision date and decision-maker, project period, rate, cap, appropriation and
// other financing — so nothing has to be looked up elsewhere before entering a claim.
import type { CaseHeader } from '../../../http/case-header.js';
import type { GrantBalance } from '../../../../projections/balance.js';
import { h, type Child } from '../dom.js';
import { formatRate, formatSek } from '../format.js';
import { t } from '../i18n.js';

export function caseHeaderView(header: CaseHeader, balance: GrantBalance, status: Child): Child[] {
  const other =
    header.otherFinancing.length === 0
      ? t('none')
      : header.otherFinancing
          .map((f) => (f.amount ? `${f.financier} ${formatSek(f.amount)}` : f.financier))
          .join('; ');
  const lines: [string, Child][] = [
    [t('caseApplicant'), header.applicant ?? balance.applicant],
    [t('caseOrgNumber'), header.orgNumber ?? '–'],
    [
      t('caseDecision'),
      header.decidedOn ? t('caseDecisionLine', header.decidedOn, header.decidedBy ?? '–') : '–',
    ],
    [
      t('caseProjectPeriod'),
      header.projectPeriod ? `${header.projectPeriod.start} – ${header.projectPeriod.end}` : '–',
    ],
    [t('caseRate'), header.rate ? formatRate(header.rate) : '–'],
    [t('caseCap'), header.cap ? formatSek(header.cap) : '–'],
    [t('caseAppropriation'), header.appropriation ?? '–'],
    [t('caseOtherFinancing'), other],
  ];
  return [
    h('h1', {}, header.grantId),
    h('p', { class: 'case-title' }, balance.title, ' ', status),
    h(
      'dl',
      { class: 'facts case-facts', id: 'case-header' },
      lines.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
    ),
  ];
}
