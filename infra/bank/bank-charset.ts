// Text in the Swedish banks' character set (interfaces.md "The Swedish banks' dialect of
// pain.001"): A–Z, a–z, 0–9, `/ - ? : ( ) . , ' +`, space, and å ä ö Å Ä Ö. Banks reject or
// mangle anything else, so each character outside the set is written as its nearest
// letters (é → e, Ø → O, æ → ae, – → -, & → +), whole grapheme by whole grapheme, and a
// text is cut to its limit only between graphemes (cutGraphemes), never inside one.
import { cutGraphemes } from '../../domain/text/graphemes.js';

const ALLOWED = /^[A-Za-z0-9/\-?:().,'+ åäöÅÄÖ]$/;
const SEGMENTER = new Intl.Segmenter('sv', { granularity: 'grapheme' });

/** Letters that do not decompose into a base letter and a mark. */
const SPECIAL: Record<string, string> = {
  Ø: 'O',
  ø: 'o',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  ß: 'ss',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
  '&': '+',
  '"': "'",
  '“': "'",
  '”': "'",
  '„': "'",
  '‘': "'",
  '’': "'",
  '´': "'",
  '`': "'",
  '«': "'",
  '»': "'",
  '–': '-',
  '—': '-',
  '‐': '-',
  '−': '-',
  _: '-',
  ';': ',',
  '!': '.',
  '*': '.',
  '#': ' ',
  '@': ' ',
  '%': ' ',
  '\u00a0': ' ',
  '\t': ' ',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '<': '(',
  '>': ')',
  '|': '/',
  '\\': '/',
};

/** One grapheme in the bank's set: itself, its mapping, or its base letters without marks. */
function transliterateGrapheme(grapheme: string): string {
  const composed = grapheme.normalize('NFC');
  if (ALLOWED.test(composed)) return composed;
  const special = SPECIAL[composed];
  if (special !== undefined) return special;
  // é → e + ◌́ → e; a letter with a mark the set lacks loses the mark.
  const base = [...composed.normalize('NFKD')].filter((c) => ALLOWED.test(c) && c !== ' ');
  return base.join('') || (/\s/.test(composed) ? ' ' : '');
}

/** The text in the bank's character set, at most `max` characters, cut between graphemes. */
export function bankText(text: string, max: number): string {
  let out = '';
  for (const { segment } of SEGMENTER.segment(text.normalize('NFC'))) {
    out += transliterateGrapheme(segment);
  }
  return cutGraphemes(out.replace(/ {2,}/g, ' ').trim(), max).trim();
}
