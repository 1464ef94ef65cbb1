// Well-formed Unicode: a string with a lone surrogate half cannot be stored or hashed as
// UTF-8 (encoders replace it, so what is hashed would differ from what was sent).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** The text with every lone surrogate replaced by U+FFFD, for echoing bad input back safely. */
export function toWellFormed(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}
