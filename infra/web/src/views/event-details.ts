// A history row's event as people read it: its Swedish name, opening (a details element,
// keyboard-operable without script) to what it recorded — amounts in kronor, reasons,
// accounts — as label–value lines. The data is shown as text, never as HTML.
import type { AuditEntry } from '../../../../projections/audit.js';
import { h, type Child } from '../dom.js';
import { formatSek } from '../format.js';
import { eventName } from '../messages.js';

const AMOUNT = /^-?\d+\.\d{2}$/;

/** Every leaf of the data as a dotted path and its text. */
function leaves(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}.${i + 1}`, out));
  else if (typeof value === 'object')
    for (const [key, v] of Object.entries(value)) leaves(v, path ? `${path}.${key}` : key, out);
  else {
    const text = String(value);
    out.push([
      path,
      /amount|Amount|paid|Paid|total/.test(path) && AMOUNT.test(text) ? formatSek(text) : text,
    ]);
  }
  return out;
}

export function eventDetails(entry: AuditEntry): Child {
  const lines = leaves(entry.data, '', []);
  return h(
    'details',
    { class: 'event-details' },
    h('summary', {}, eventName(entry.type, entry.data)),
    h(
      'dl',
      { class: 'facts' },
      lines.map(([key, text]) => [h('dt', {}, key), h('dd', {}, text)]),
      h('dt', {}, 'type'),
      h('dd', {}, h('code', {}, entry.type)),
    ),
  );
}
