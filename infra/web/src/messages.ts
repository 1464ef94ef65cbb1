// The server's and the schemas' messages as the desk shows them: in Swedish when Swedish
// is chosen (the rule's code explained, the server's own sentence kept beside it), and
// without the field path in front when the message sits beside that field.
import type { RejectionCode } from '../../../domain/errors.js';
import { language } from './i18n.js';

const RULES_SV: Record<RejectionCode, string> = {
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
  EXECUTION_DATE:
    'Betalningsdagen måste vara en svensk bankdag (inte helg eller helgdag) och inte före i dag.',
  IDEMPOTENCY_CONFLICT: 'Kommando-id:t har redan använts för ett annat kommando.',
  FUTURE_DATE:
    'Datumet ligger i framtiden: det som har hänt kan inte ha ett senare datum än i dag.',
  POSSIBLE_DUPLICATE:
    'En likadan inbetalning är redan registrerad. Är det en ny inbetalning, markera den som ny.',
  ACCOUNT_MISMATCH:
    'Kontot har ändrats igen sedan du läste det. Läs in ärendet på nytt och bekräfta det som visas.',
  NOT_OVERPAID:
    'Återkravet är större än det som har betalats ut utöver stödet och inte redan krävs tillbaka.',
};

const INPUT_SV: [RegExp, string][] = [
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
];

/** The message to show; `path` is where it will be shown (its prefix is dropped). */
export function explainError(code: string, message: string, path: string): string {
  const bare =
    path !== '' && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
  if (language() !== 'sv') return bare;
  if (code === 'INVALID_INPUT') {
    const known = INPUT_SV.find(([pattern]) => pattern.test(bare));
    return known ? known[1] : bare;
  }
  const rule = RULES_SV[code as RejectionCode];
  return rule ? `${rule} (${bare})` : bare;
}
