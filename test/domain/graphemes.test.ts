// Cutting text never splits a character: for any text of astral characters, combining
// sequences and emoji, the cut is a prefix, fits the limit, is well-formed Unicode and ends on
// a grapheme boundary.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { cutGraphemes, cutToGraphemeCount, graphemeCount } from '../../domain/text/graphemes.js';
import { isWellFormed } from '../../domain/unicode.js';

const pieces = fc.constantFrom(
  'a',
  'Å',
  'e\u0301',
  '𝔘',
  '👩‍👩‍👧',
  '🇸🇪',
  '한',
  '\u1100\u1161',
  'ö',
  ' ',
);
const texts = fc.array(pieces, { maxLength: 60 }).map((parts) => parts.join(''));

describe('cutGraphemes', () => {
  it('given a text within the limit, then it is kept whole', () => {
    expect(cutGraphemes('Coompanion', 140)).toBe('Coompanion');
  });

  it('given an astral character across the limit, then the cut stops before it', () => {
    expect(cutGraphemes('ab𝔘', 3)).toBe('ab');
  });

  it('given a combining accent across the limit, then the base letter goes with it', () => {
    expect(cutGraphemes('abe\u0301', 3)).toBe('ab');
  });

  it('given any text and limit, then the cut is a well-formed prefix on a grapheme boundary', () => {
    fc.assert(
      fc.property(texts, fc.nat(200), (text, limit) => {
        const cut = cutGraphemes(text, limit);
        expect(text.startsWith(cut)).toBe(true);
        expect(cut.length).toBeLessThanOrEqual(limit);
        expect(isWellFormed(cut)).toBe(true);
        expect(graphemeCount(cut) + graphemeCount(text.slice(cut.length))).toBe(
          graphemeCount(text),
        );
      }),
    );
  });
});

describe('cutToGraphemeCount', () => {
  it('given a count, then at most that many characters as a person counts them', () => {
    expect(cutToGraphemeCount('🇸🇪e\u0301x', 2)).toBe('🇸🇪e\u0301');
  });
});
