/**
 * Problems found in a configuration file (a scenario, a suite), each tied to a
 * place in the file, and the error that carries all of them at once.
 *
 * A problem prints as `file:line:col  path.to.field: message`, the form editors
 * and CI log viewers turn into links. Line and column are 1-based; a problem
 * about the whole file (not found, not UTF-8) has line and column 0 and prints
 * as `file: message`. A problem about the top-level map has an empty path and
 * prints as `file:line:col  message`.
 */

/** One thing wrong with a configuration file. */
export interface ConfigProblem {
  /** The file as the user named it. */
  readonly file: string;
  /** 1-based line, or 0 when the problem concerns the whole file. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units), or 0 when the problem concerns the whole file. */
  readonly col: number;
  /** Where in the document, e.g. `stories[1].attack.at`; empty for the top level or the whole file. */
  readonly path: string;
  /** A human sentence, e.g. `unknown key "warmpu" (did you mean "warmup"?)`. */
  readonly message: string;
}

/**
 * A configuration file is invalid. Carries every problem found (never just the
 * first), sorted by position; the message is their formatted lines joined by
 * newlines, so printing the message alone is a complete report.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Every problem, sorted by file, line, column, then message; at least one. */
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const sorted = sortProblems(problems);
    super(sorted.map(formatProblem).join('\n'));
    this.problems = sorted;
  }
}

/** `file:line:col  path: message`, or without the parts that are absent (see the module comment). */
export function formatProblem(p: ConfigProblem): string {
  if (p.line === 0) return p.path === '' ? `${p.file}: ${p.message}` : `${p.file}: ${p.path}: ${p.message}`;
  const where = `${p.file}:${p.line}:${p.col}`;
  return p.path === '' ? `${where}  ${p.message}` : `${where}  ${p.path}: ${p.message}`;
}

/** Problems in reading order, without exact duplicates. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  const unique: ConfigProblem[] = [];
  for (const p of problems) {
    const key = formatProblem(p);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(p);
  }
  return unique.sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.path, b.path) || cmp(a.message, b.message),
  );
}

/** Code-unit order: stable across locales, unlike localeCompare. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * A document path as users read it: `stories[1].attack.at`. Keys that are not
 * plain words are quoted (`limits["max size"]`); the empty path is `''`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/**
 * How a value read from YAML is named in a message: numbers and booleans as
 * written, strings quoted, `a map`, `a list`, `an empty value` (for `key:` with
 * nothing after it), `nothing` (absent).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a map';
  return typeof value;
}

/**
 * The candidate closest to `word` when it is close enough to be a likely typo,
 * else `undefined`. Distance is optimal string alignment (Levenshtein plus
 * adjacent transpositions, so `warmpu` is 1 from `warmup`), ignoring case; a
 * suggestion must be within a third of the word's length (at least 1, at most
 * 3 edits) and fewer edits than the word has characters. Ties go to the candidate first in code-unit order, so the
 * suggestion does not depend on the order the candidates were listed in.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of [...new Set(candidates)].sort(cmp)) {
    if (c === word) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d <= limit && d < word.length && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] as number;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * cols + j] = v;
    }
  }
  return at(a.length, b.length);
}

/** `"a", "b" or "c"`: a short list of quoted names for a message. */
export function quotedList(names: readonly string[], conjunction = 'or'): string {
  const q = names.map((n) => JSON.stringify(n));
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${conjunction} ${q[q.length - 1]}`;
}
