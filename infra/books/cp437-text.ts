// Text in SIE's PC8 character set (CP437). Accounting systems read the file as CP437, so a
// character CP437 lacks would be written as `?` by the encoder and the name would change
// silently (an en dash in a project title, a Polish or Turkish letter in a payee's name).
// Each such grapheme is written as its nearest CP437 letters instead: – → -, “ → ", ł → l,
// ş → s; a backslash, which SIE 4B gives no meaning inside a string, becomes /.
import iconv from 'iconv-lite';

const SEGMENTER = new Intl.Segmenter('sv', { granularity: 'grapheme' });

const NEAREST: Record<string, string> = {
  '–': '-',
  '—': '-',
  '‐': '-',
  '−': '-',
  '“': '"',
  '”': '"',
  '„': '"',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '…': '...',
  '€': 'EUR',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\\': '/',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ø: 'O',
  ø: 'o',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
};

/** Whether every character of the text survives CP437 unchanged. */
function inCp437(text: string): boolean {
  return iconv.decode(iconv.encode(text, 'cp437'), 'cp437') === text;
}

function nearest(grapheme: string): string {
  const composed = grapheme.normalize('NFC');
  const mapped = NEAREST[composed];
  if (mapped !== undefined) return mapped;
  if (composed !== '\\' && inCp437(composed)) return composed;
  // A letter with a mark CP437 lacks keeps its base letter (ş → s, ő → o).
  const base = [...composed.normalize('NFKD')].filter((c) => /[\x20-\x7e]/.test(c) && c !== '\\');
  return base.join('');
}

/** The text with every grapheme CP437 lacks written as its nearest CP437 characters. */
export function cp437Text(text: string): string {
  let out = '';
  for (const { segment } of SEGMENTER.segment(text.normalize('NFC'))) out += nearest(segment);
  return out;
}
