// What makes two strings look alike to a person while a machine sees two: invisible code
// points and letters borrowed from another script. Ids and actors are refused when they hold
// either (domain.md "Input at the edges", "Who acts"), so `RUN/573/2022` with a Cyrillic `Р`,
// or `anna@region.se` with a Hangul filler, can never be a second grant or a second person.

/** Default_Ignorable_Code_Point: zero-width, joiners, variation selectors, U+034F, U+3164 … */
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
/** Blank symbols that render as nothing although they are no format character. */
const BLANK_SYMBOL = /[\u2800\u3000\u2000-\u200a\u205f\u00a0\u202f\u1680]/u;

export function hasInvisible(text: string): boolean {
  return DEFAULT_IGNORABLE.test(text) || BLANK_SYMBOL.test(text);
}

/**
 * The scripts letters are told apart by. Han, Hiragana, Katakana and Hangul are written
 * together in Japanese and Korean, so they count as one writing system here.
 */
const SCRIPTS: readonly [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  [
    'CJK',
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u,
  ],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Coptic', /\p{Script=Coptic}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
];

const LETTER = /\p{L}/gu;
/** Letters of no script of their own (mathematical alphanumerics, modifier letters …). */
const NO_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}]/u;
const scriptCache = new Map<string, string>();

function scriptOf(letter: string): string {
  let script = scriptCache.get(letter);
  if (script === undefined) {
    script = SCRIPTS.find(([, pattern]) => pattern.test(letter))?.[0];
    // A letter of a script not listed is its own script by code-point block: two such
    // letters of one script may differ here, which refuses too much, never too little.
    script ??= `U+${Math.floor(letter.codePointAt(0)! / 0x80).toString(16)}`;
    scriptCache.set(letter, script);
  }
  return script;
}

/** The two scripts when letters of more than one are mixed, e.g. ['Latin', 'Cyrillic']. */
export function mixedScripts(text: string): [string, string] | undefined {
  let first: string | undefined;
  for (const [letter] of text.matchAll(LETTER)) {
    if (NO_SCRIPT.test(letter)) continue;
    const script = scriptOf(letter);
    if (first === undefined) first = script;
    else if (script !== first) return [first, script];
  }
  return undefined;
}
