// What a child table of a grant holds, to tell whether a batch changed it: unchanged
// child rows are not rewritten.

/**
 * One child table's rows of a grant, to tell whether a batch changed them. The JSON text is
 * made only when two row sets of equal length are compared, and then once: a rebuild meets
 * most grants once, and never pays for it.
 */
export class Fingerprint {
  private text: string | undefined;

  constructor(readonly rows: readonly unknown[]) {}

  sameAs(other: Fingerprint): boolean {
    if (this.rows.length !== other.rows.length) return false;
    return this.rows.length === 0 || this.json() === other.json();
  }

  private json(): string {
    return (this.text ??= JSON.stringify(this.rows));
  }
}

/** What the child tables hold for a grant. */
export interface Fingerprints {
  conditions: Fingerprint;
  indicators: Fingerprint;
  deliveries: Fingerprint;
  payments: Fingerprint;
}

/** What the child tables hold for a grant that was never projected: nothing. */
const NONE = new Fingerprint([]);
export const NO_ROWS: Fingerprints = {
  conditions: NONE,
  indicators: NONE,
  deliveries: NONE,
  payments: NONE,
};

/**
 * Whether a child table's rows differ from what it holds; unknown before (state loaded from a table
 * or re-folded): rewritten.
 */
export function changed(
  before: Fingerprints | undefined,
  after: Fingerprints,
  table: keyof Fingerprints,
): boolean {
  return !before || !before[table].sameAs(after[table]);
}

/** Whether a child table may hold rows of the grant (what to delete before inserting). */
export function mayHoldRows(before: Fingerprints | undefined, table: keyof Fingerprints): boolean {
  return !before || before[table].rows.length > 0;
}
