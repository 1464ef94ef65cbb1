// Text is cut only between grapheme clusters (interfaces.md "Operations"): a cut inside a
// surrogate pair leaves a lone surrogate that cannot be stored or hashed as UTF-8, and a
// cut inside a combining sequence changes what a person reads (an "e" without its accent).
const SEGMENTER = new Intl.Segmenter('sv', { granularity: 'grapheme' });

/**
 * The longest prefix of `text` that ends on a grapheme boundary and holds at most
 * `maxUnits` UTF-16 code units (the unit of String.length, which the limits are counted in).
 */
export function cutGraphemes(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let end = 0;
  for (const { segment } of SEGMENTER.segment(text)) {
    if (end + segment.length > maxUnits) break;
    end += segment.length;
  }
  return text.slice(0, end);
}

/** The number of grapheme clusters: what a person counts as characters. */
export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of SEGMENTER.segment(text)) count += 1;
  return count;
}

/** The longest prefix of at most `maxGraphemes` grapheme clusters. */
export function cutToGraphemeCount(text: string, maxGraphemes: number): string {
  let end = 0;
  let count = 0;
  for (const { segment } of SEGMENTER.segment(text)) {
    if (count === maxGraphemes) break;
    end += segment.length;
    count += 1;
  }
  return text.slice(0, end);
}
