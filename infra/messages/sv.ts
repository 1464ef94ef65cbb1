// The one table of what people read, in Swedish and English: every rule code of domain.md
// and the schemas' input errors, the event types and the indicator kinds. The desk and
// the CLI's human output both read it (no DOM, no Node here), so a refusal says the same
// thing wherever it is met; the API itself keeps its codes and English sentences.
import type { RejectionCode } from '../../domain/errors.js';

export type Lang = 'sv' | 'en';

/** Each rule code explained, and the HTTP layer's own codes a person can meet. */
export const RULES_SV: Record<RejectionCode, string> & Record<string, string> = {
  INVALID_INPUT: 'Uppgiften är inte giltig.',
  UNKNOWN_GRANT: 'Ärendet finns inte.',
  ALREADY_EXISTS: 'Det id:t används redan i ärendet.',
  INVALID_STATE: 'Det går inte i ärendets nuvarande läge.',
  CAP_EXCEEDS_REQUEST: 'Taket får inte vara högre än det sökta beloppet.',
  ADVANCE_LIMIT: 'Förskottet är större än vad beslutet medger.',
  PERIOD_OUTSIDE_PROJECT: 'Perioden ligger utanför projektperioden.',
  REVIEW_MISMATCH: 'Godkänt och ej godkänt belopp måste tillsammans bli det redovisade.',
  CONDITIONS_UNFULFILLED: 'Alla villkor i beslutet måste vara uppfyllda först.',
  EXCEEDS_PAYABLE: 'Beloppet är större än det som får betalas ut nu.',
  FOUR_EYES: 'Samma person får inte både beordra och attestera: någon annan måste göra det.',
  NOT_SETTLED: 'Ärendet har öppna punkter som måste klaras av först.',
  CAP_BELOW_PAID:
    'Taket eller stödnivån skulle hamna under det som redan är utbetalt eller beordrat.',
  UNKNOWN_INDICATOR: 'Beslutet har ingen sådan indikator.',
  DATE_ORDER: 'Datumet ligger före något som måste ha hänt först.',
  SETTLEMENT_MISMATCH: 'Bankens belopp stämmer inte med den attesterade betalningens belopp.',
  IDEMPOTENCY_CONFLICT: 'Kommando-id:t har redan använts för ett annat kommando.',
  FUTURE_DATE:
    'Datumet ligger i framtiden: det som har hänt kan inte ha ett senare datum än i dag.',
  POSSIBLE_DUPLICATE:
    'En likadan inbetalning är redan registrerad. Är det en ny inbetalning, markera den som ny.',
  ACCOUNT_MISMATCH:
    'Kontot har ändrats igen sedan du läste det. Läs in ärendet på nytt och bekräfta det som visas.',
  NOT_OVERPAID:
    'Återkravet är större än det som har betalats ut utöver stödet och inte redan krävs tillbaka.',
  EXECUTION_DATE:
    'Betalningsdagen måste vara en svensk bankdag (inte helg eller helgdag) och inte före i dag.',
  INTERNAL_COMMAND: 'Det kommandot ger reskontran själv; det kan inte skickas in.',
  NOT_FOUND: 'Det finns inte.',
  FORBIDDEN: 'Din roll får inte göra det.',
  UNAUTHORIZED: 'Du är inte inloggad, eller nyckeln gäller inte längre.',
  STORE_UNAVAILABLE: 'Reskontrans lagring svarar inte just nu. Försök igen om en stund.',
};

/** The schemas' input errors (zod's and ours), English sentence → Swedish. */
export const INPUT_SV: readonly [RegExp, string][] = [
  [/^is required$/, 'måste fyllas i'],
  [/^must be (a real calendar date|a date) YYYY-MM-DD/, 'måste vara ett datum ÅÅÅÅ-MM-DD'],
  [/^must be an amount in SEK/, 'måste vara ett belopp i kronor, t.ex. 142 779,00'],
  [/^must be above 0\.00$/, 'måste vara större än 0,00'],
  [/^must not be empty$/, 'får inte vara tomt'],
  [/^must be a rate/, 'måste vara en andel, t.ex. 0,60'],
  [/^must be above 0 and at most 1/, 'måste vara större än 0 och högst 1'],
  [/^(start|from) must not be after (end|to)$/, 'får inte ligga före startdatumet'],
  [/^at least one cost$/, 'minst en kostnad behövs'],
  [/^must be a whole number/, 'måste vara ett heltal'],
  [/^must not be negative$/, 'får inte vara negativt'],
  [/^must be a text$/, 'måste vara en text'],
  [/^an amendment must change something$/, 'en ändring måste ändra något'],
  [/^an indicator needs at least one target kind$/, 'en indikator behöver minst ett mål'],
  [/^not a payment file id/, 'är inte ett bankfils-id'],
  [/^unknown field/i, 'är inget fält som kommandot har'],
  [/^must be a bankgiro number/i, 'måste vara ett bankgironummer, t.ex. 5050-1055'],
  [/^must be a plusgiro number/i, 'måste vara ett plusgironummer'],
  [/^must be an IBAN/i, 'måste vara ett IBAN, t.ex. SE45 5000 0000 0583 9825 7466'],
  [/^no debtor/, 'ingen avsändare är inställd (debtor i ledger.config.json)'],
];

/** A message in the chosen language; `path` is dropped where the message sits beside it. */
export function explainIn(lang: Lang, code: string, message: string, path = ''): string {
  const bare =
    path !== '' && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
  if (lang !== 'sv') return bare;
  if (code === 'INVALID_INPUT') {
    const known = INPUT_SV.find(([pattern]) => pattern.test(bare));
    if (known) return known[1];
    // "amount: must be …" where no field shows it (the CLI): the field named, then Swedish.
    const [, field, rest] = /^([\w.[\]]+): (.*)$/s.exec(bare) ?? [];
    const inner = rest === undefined ? undefined : INPUT_SV.find(([p]) => p.test(rest));
    if (inner) return `${field}: ${inner[1]}`;
  }
  const rule = RULES_SV[code];
  return rule ? `${rule} (${bare})` : bare;
}
