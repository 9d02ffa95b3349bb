/**
 * Many rows written by one SQLite statement: the values that differ from row
 * to row go as one JSON array of arrays (read with json_each), and a column
 * whose value is the same in every row is bound once as a parameter instead.
 * Reading a value out of each row's JSON cost about as much as storing it,
 * and in a slice of jobs most columns hold one value (batch, connection,
 * root, state, policy, and the NULLs): storing 10,000 new jobs took half the
 * CPU this way (0.23 → 0.10 s on the 2-core machine of issue 15).
 */

export interface SplitRows {
  /** One character per column, '1' for a column bound once, '0' for one read from each row: the shape of the statement. */
  key: string;
  /** The shared columns' values, in column order (the statement's parameters after its fixed ones). */
  shared: unknown[];
  /** Each row's other columns, in column order. */
  perRow: unknown[][];
}

/**
 * Splits rows (all as wide) into the columns with one value in all of them
 * (strictly equal) and the rest; the first `keepPerRow` columns always go per
 * row (an UPDATE's key).
 */
export function splitSharedColumns(rows: ReadonlyArray<readonly unknown[]>, keepPerRow = 0): SplitRows {
  const first = rows[0] ?? [];
  const sharedAt = first.map((value, c) => c >= keepPerRow && rows.every((row) => row[c] === value));
  return {
    key: sharedAt.map((s) => (s ? '1' : '0')).join(''),
    shared: first.filter((_, c) => sharedAt[c]),
    perRow: rows.map((row) => row.filter((_, c) => !sharedAt[c])),
  };
}

/**
 * The SQL value of each column for a statement of shape `key` over
 * `json_each(...) AS r`: `?n` for a shared one (numbered from
 * `firstParameter` in column order), `r.value->>k` for one read from its row.
 */
export function columnValues(key: string, firstParameter: number): string[] {
  let parameter = firstParameter;
  let field = 0;
  return [...key].map((shared) => (shared === '1' ? `?${parameter++}` : `r.value->>${field++}`));
}

/** Prepared statements by shape, at most `limit` of them (a few shapes recur; an odd one must not grow the cache for good). */
export class StatementsByShape<S> {
  private readonly prepared = new Map<string, S>();

  constructor(
    private readonly prepare: (key: string) => S,
    private readonly limit = 32,
  ) {}

  get(key: string): S {
    let statement = this.prepared.get(key);
    if (!statement) {
      if (this.prepared.size >= this.limit) this.prepared.clear();
      statement = this.prepare(key);
      this.prepared.set(key, statement);
    }
    return statement;
  }
}
