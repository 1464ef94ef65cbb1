// Who acts. An actor is one person however the name is typed: `Anna@Region.se`,
// ` anna@region.se ` and `anna@region.se` followed by a zero-width space must be the same
// person for the two-person rule (FOUR_EYES), or the rule is a formality. So actors are
// compared, and stored, in one normal form (domain.md "Who acts"), and a name that would
// still look like someone else's (a Cyrillic `а` in `anna`, a stray accent, a blank
// symbol) is refused rather than made into a second person.
import { isWellFormed } from './unicode.js';
import { mixedScripts } from './text/look-alikes.js';

/** Every Default_Ignorable_Code_Point and format character: removed from an actor. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
/** Control characters that are not whitespace (whitespace is collapsed instead). */
const CONTROL = /[^\P{Cc}\s]/u;
/** What a normal form may hold: letters, digits, single spaces and . _ - @ + ' */
const ACTOR_PATTERN = /^[\p{L}\p{N}._\-@+']+(?: [\p{L}\p{N}._\-@+']+)*$/u;
const COMBINING = /\p{M}/u;

/**
 * The normal form of an actor: NFKC, every default-ignorable and format character removed,
 * whitespace trimmed and collapsed to one space, lower case. Undefined when nothing is
 * left, or when the name is not one person's name as a person reads it (a lone surrogate,
 * a control character, a symbol, a combining mark that composes with nothing, letters of
 * two scripts).
 */
export function normalActor(name: string): string | undefined {
  if (!isWellFormed(name) || CONTROL.test(name)) return undefined;
  const normal = actorForm(name);
  if (normal === '' || !ACTOR_PATTERN.test(normal) || COMBINING.test(normal)) return undefined;
  return mixedScripts(normal) ? undefined : normal;
}

function actorForm(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * Whether two recorded actors are the same person (events stored before the normal form
 * included: those are compared in the normal form's first steps, never refused).
 */
export function sameActor(a: string, b: string): boolean {
  return (normalActor(a) ?? actorForm(a)) === (normalActor(b) ?? actorForm(b));
}
