/**
 * A real-data file that does not read as its format says: the message names the
 * file, the row (1-based, as a spreadsheet or `sed -n` counts lines) and, when
 * one field is at fault, the column by name. Every adapter throws this, and the
 * CLI turns it into exit code 2 with the message alone.
 */
export class DataFormatError extends Error {
  constructor(
    readonly file: string,
    readonly row: number,
    readonly column: string | null,
    readonly problem: string,
  ) {
    super(`${file}:${row}${column === null ? '' : ` column ${column}`}: ${problem}`);
    this.name = 'DataFormatError';
  }
}

/**
 * What `--skip-bad-rows` skipped: counted per problem, with the first few rows
 * kept so the report can point at them.
 */
export class SkippedRows {
  count = 0;
  readonly examples: DataFormatError[] = [];
  private readonly byProblem = new Map<string, number>();

  constructor(private readonly keep = 5) {}

  add(e: DataFormatError): void {
    this.count++;
    if (this.examples.length < this.keep) this.examples.push(e);
    this.byProblem.set(e.problem, (this.byProblem.get(e.problem) ?? 0) + 1);
  }

  /** Problems with their counts, most frequent first (ties by text, so the order is stable). */
  problems(): { problem: string; rows: number }[] {
    return [...this.byProblem]
      .map(([problem, rows]) => ({ problem, rows }))
      .sort((a, b) => b.rows - a.rows || (a.problem < b.problem ? -1 : a.problem > b.problem ? 1 : 0));
  }
}
