// Who acts, in the normal form domain.md "Who acts" prescribes: one person however the name
// is typed (NFKC, format characters removed, whitespace trimmed and collapsed, lower case).
// Rules that compare people (FOUR_EYES) compare these forms.

/** `Anna@Region.se`, ` anna@region.se ` and `anna@region.se` + U+200B are one person. */
export function normalActor(actor: string): string {
  return actor
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .trim()
    .replace(/\s+/gu, ' ')
    .toLowerCase();
}

export function isSamePerson(a: string, b: string): boolean {
  return normalActor(a) === normalActor(b);
}
