// SIE 4I (interfaces.md "Book-keeping"): the money events of a period as verifications a
// Swedish accounting system imports. Written in SIE's PC8 character set (CP437, encoded
// with iconv-lite, every other character transliterated), CRLF lines, one file per fiscal
// year (#RAR 0), one #VER per money event dated with its business date, each with #TRANS
// rows on the grant's project object (dimension 6) that sum to 0.00.
import iconv from 'iconv-lite';
import { cp437Text } from './cp437-text.js';
import { grantIdOf } from '../../domain/grant/decider.js';
import type { EventOf } from '../../domain/grant/events.js';
import { asGrantEvent } from '../../projections/recorded-event.js';
import type { Ledger } from '../ledger.js';
import { ACCOUNT_ROLES, type AccountPlan } from './accounts.js';
import { verificationsOf, type RecordedGrantEvent, type Verification } from './verifications.js';

export interface SieOptions {
  from: string;
  to: string;
  accounts: AccountPlan;
  /** #FNAMN: the organisation whose books these are. */
  company: string;
  /** #ORGNR: its organisation number (ledger.config.json `orgNumber`). */
  orgNumber?: string;
  /** #RAR 0: the fiscal year the period lies in (a calendar year). */
  fiscalYear: { start: string; end: string };
  program: { name: string; version: string };
}

/**
 * A SIE string (SIE 4B): quoted, a `"` inside written `\"`, no control characters, and
 * only CP437 characters (others transliterated, never `?`; a backslash becomes /).
 */
export function sieString(text: string): string {
  return `"${cp437Text(text.replace(/[\u0000-\u001f\u007f]/g, ' ')).replace(/"/g, '\\"')}"`;
}

const sieDate = (date: string) => date.replaceAll('-', '');

export interface SieFile {
  /** The text as written (before encoding). */
  text: string;
  /** The file: the text in CP437. */
  bytes: Buffer;
  verifications: Verification[];
}

/** The verifications of every grant in the period, in date order (global order within a day). */
export async function periodVerifications(
  ledger: Ledger,
  from: string,
  to: string,
): Promise<{ verifications: Verification[]; titles: Map<string, string> }> {
  const streams = new Map<string, RecordedGrantEvent[]>();
  const titles = new Map<string, string>();
  for await (const e of ledger.events()) {
    const grantId = grantIdOf(e.streamId);
    if (grantId === undefined) continue;
    const event = asGrantEvent(e);
    if (event.type === 'CoFinancingApplied')
      titles.set(grantId, (event.data as EventOf<'CoFinancingApplied'>['data']).title);
    const list = streams.get(grantId) ?? [];
    list.push({
      event,
      position: e.position,
      recordedAt: e.metadata.recordedAt,
      actor: e.metadata.actor,
    });
    streams.set(grantId, list);
  }
  const inPeriod = (date: string) => date >= from && date <= to;
  const verifications = [...streams].flatMap(([grantId, events]) =>
    verificationsOf(grantId, events, inPeriod),
  );
  verifications.sort((a, b) => a.date.localeCompare(b.date) || a.position - b.position);
  return { verifications, titles };
}

export function sieText(
  verifications: readonly Verification[],
  titles: ReadonlyMap<string, string>,
  options: SieOptions & { generatedOn: string },
): string {
  const { accounts } = options;
  const lines: string[] = [
    '#FLAGGA 0',
    `#PROGRAM ${sieString(options.program.name)} ${sieString(options.program.version)}`,
    '#FORMAT PC8',
    `#GEN ${sieDate(options.generatedOn)}`,
    '#SIETYP 4',
    ...(options.orgNumber !== undefined ? [`#ORGNR ${options.orgNumber}`] : []),
    `#FNAMN ${sieString(options.company)}`,
    `#RAR 0 ${sieDate(options.fiscalYear.start)} ${sieDate(options.fiscalYear.end)}`,
  ];
  const used = new Set(verifications.flatMap((v) => v.rows.map((r) => r.role)));
  for (const role of ACCOUNT_ROLES)
    if (used.has(role))
      lines.push(`#KONTO ${accounts[role].number} ${sieString(accounts[role].name)}`);
  lines.push('#DIM 6 "Projekt"');
  const grants = [...new Set(verifications.map((v) => v.grantId))].sort();
  for (const grantId of grants)
    lines.push(`#OBJEKT 6 ${sieString(grantId)} ${sieString(titles.get(grantId) ?? grantId)}`);
  for (const v of verifications) {
    const registered =
      v.recordedOn !== undefined
        ? ` ${sieDate(v.recordedOn)}${v.sign !== undefined ? ` ${sieString(v.sign)}` : ''}`
        : '';
    lines.push(`#VER "" "" ${sieDate(v.date)} ${sieString(v.text)}${registered}`, '{');
    for (const row of v.rows)
      lines.push(
        `   #TRANS ${accounts[row.role].number} {6 ${sieString(v.grantId)}} ${row.amount.toFixed(2)}`,
      );
    lines.push('}');
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function sieFile(ledger: Ledger, options: SieOptions): Promise<SieFile> {
  const { verifications, titles } = await periodVerifications(ledger, options.from, options.to);
  const text = sieText(verifications, titles, { ...options, generatedOn: ledger.today() });
  return { text, bytes: iconv.encode(text, 'cp437'), verifications };
}
