// Who acts. An actor is one person however the name is typed: `Anna@Region.se`,
// ` anna@region.se ` and `anna@region.se` followed by a zero-width space must be the same
// person for the two-person rule (FOUR_EYES), or the rule is a formality. So actors are
// compared, and stored, in one normal form (domain.md "Who acts").
import { isWellFormed } from './unicode.js';

/** Unicode format characters: zero-width spaces and joiners, bidi controls, soft hyphens … */
const FORMAT = /\p{Cf}/gu;
/** Control characters that are not whitespace (whitespace is collapsed instead). */
const CONTROL = /[^\P{Cc}\s]/u;

/**
 * The normal form of an actor: NFKC, format characters removed, whitespace trimmed and
 * collapsed to one space, lower case. Undefined when nothing is left, or when the name
 * is not text a person could have typed (a lone surrogate, a control character).
 */
export function normalActor(name: string): string | undefined {
  if (!isWellFormed(name) || CONTROL.test(name)) return undefined;
  const normal = name
    .normalize('NFKC')
    .replace(FORMAT, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
  return normal === '' ? undefined : normal;
}

/**
 * Whether two recorded actors are the same person (events stored before the normal form included).
 */
export function sameActor(a: string, b: string): boolean {
  return (normalActor(a) ?? a) === (normalActor(b) ?? b);
}
