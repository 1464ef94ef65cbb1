// What people type into amount and rate fields, made into the API's form: Swedish
// "142 779,00" (spaces or no-break spaces between thousands, decimal comma) and
// "142779.00" both become "142779.00"; the server's schema then judges the result.

const GROUP_SPACES = /[\s\u00a0\u202f']/g;

/**
 * "142 779,00" → "142779.00"; "0,6" → "0.6"; text that is not a number is returned trimmed, for the
 * schema to refuse.
 */
export function normalizeAmount(typed: string): string {
  const compact = typed
    .trim()
    .replace(/\s*kr$/i, '')
    .replace(GROUP_SPACES, '');
  // One decimal comma and no dot: the Swedish way of writing decimals.
  if (/^\d+,\d*$/.test(compact)) return compact.replace(',', '.');
  return /^\d+(\.\d*)?$/.test(compact) ? compact : typed.trim();
}
