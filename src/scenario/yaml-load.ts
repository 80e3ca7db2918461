/**
 * Strict, line-numbered loading of YAML configuration files (scenarios, suites).
 *
 * A file is read as UTF-8, parsed with `yaml` (keeping positions), checked
 * against a zod schema, and either returned whole or rejected with a
 * {@link ConfigError} listing every problem at once, each as
 * `file:line:col  path.to.field: message`:
 *
 * ```
 * attack.yaml:3:1  unknown key "warmpu" (did you mean "warmup"?)
 * attack.yaml:9:11  stories[1].attack.at: expected a duration like 90s, got 12
 * attack.yaml:12:5  stories[2]: missing required key "symbol"
 * ```
 *
 * Positions: a wrong value points at the value; an unknown key at the key
 * itself; a missing key at the map that lacks it; anything else at the nearest
 * node that exists. YAML syntax errors, duplicate keys and unresolved tags are
 * problems too. Nothing is returned unless the whole file is valid.
 *
 * This file reads and parses; the messages are made in issue-messages.ts,
 * tied to document paths in locate-issues.ts and to lines and columns in
 * yaml-positions.ts.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, describeValue, formatPath } from './errors.js';
import type { ConfigProblem } from './errors.js';
import { humanize } from './issue-messages.js';
import { flatten, type Located, type Path } from './locate-issues.js';
import { findKeyAt, place } from './yaml-positions.js';

/**
 * Reads `path` (UTF-8) and parses it against `schema`.
 *
 * @param path - the file, as the user named it (problems repeat it verbatim)
 * @returns the schema's output for the file
 * @throws ConfigError listing every problem: file not found or unreadable, not
 *   UTF-8, YAML syntax, duplicate keys, schema violations
 */
export function loadYamlFile<S extends z.ZodType>(path: string, schema: S): z.output<S> {
  return parseYamlText(readText(path), path, schema);
}

/**
 * Parses YAML `text` against `schema`; `fileName` only names the file in problems.
 *
 * @throws ConfigError listing every problem (see {@link loadYamlFile})
 */
export function parseYamlText<S extends z.ZodType>(text: string, fileName: string, schema: S): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  const problems: ConfigProblem[] = [];

  let fatal = false;
  for (const e of doc.errors) {
    const { line, col } = at(e.pos[0]);
    if (e.code === 'DUPLICATE_KEY') {
      const dup = findKeyAt(doc, e.pos[0]);
      const message = dup ? `duplicate key ${JSON.stringify(dup.key)}` : 'duplicate key';
      problems.push({ file: fileName, line, col, path: dup ? formatPath(dup.path) : '', message });
    } else {
      // After a syntax error the document's shape is a guess: schema problems would mislead.
      fatal = true;
      problems.push({ file: fileName, line, col, path: '', message: yamlMessage(e.code, e.message) });
    }
  }
  // Warnings (e.g. an unresolved tag) leave a usable document, but are problems all the same.
  for (const w of doc.warnings) {
    const { line, col } = at(w.pos[0]);
    problems.push({ file: fileName, line, col, path: '', message: yamlMessage(w.code, w.message) });
  }
  if (fatal) throw new ConfigError(problems);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    problems.push({ file: fileName, line: 1, col: 1, path: '', message: yamlMessage('', e instanceof Error ? e.message : String(e)) });
    throw new ConfigError(problems);
  }
  // Explicit tags such as !!binary or !!set give values no schema here expects.
  const exotic = nonPlainValues(data, []);
  if (exotic.length > 0) {
    for (const l of exotic) problems.push(place(l, doc, at, fileName));
    throw new ConfigError(problems);
  }

  const result = schema.safeParse(data, { error: humanize });
  if (result.success && problems.length === 0) return result.data as z.output<S>;
  if (!result.success && doc.contents === null) {
    problems.push({ file: fileName, line: 1, col: 1, path: '', message: 'the file is empty' });
  } else if (!result.success) {
    const located = flatten(result.error.issues, [], data);
    for (const l of located) problems.push(place(l, doc, at, fileName));
    if (located.length === 0) problems.push({ file: fileName, line: 1, col: 1, path: '', message: 'is invalid' });
  }
  throw new ConfigError(problems);
}

/**
 * The problems of an already-parsed value (from JSON, a flag, a test) against
 * `schema`, with the same messages as a file gets but no positions: `path` as
 * in `stories[1].attack.at`, empty for the top level. Empty when valid.
 */
export function schemaProblems(schema: z.ZodType, data: unknown): { path: string; message: string }[] {
  const result = schema.safeParse(data, { error: humanize });
  if (result.success) return [];
  const located = flatten(result.error.issues, [], data);
  return located.length === 0 ? [{ path: '', message: 'is invalid' }] : located.map((l) => ({ path: formatPath(l.path), message: l.message }));
}

/**
 * The JSON Schema (draft 2020-12) of what a user writes for `schema`: the
 * input side, so a duration is a string with a pattern, not the number of
 * milliseconds it becomes. For `surveil schema <what>` and the
 * `# yaml-language-server: $schema=...` line of shipped files.
 *
 * @param id - the schema's `$id` (a URL or a relative file name)
 * @param title - a short human title
 */
export function jsonSchemaFor(schema: z.ZodType, id: string, title: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema', $id: id, title, ...rest };
}

// ---------------------------------------------------------------------------
// Reading

function readText(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot read the file: permission denied'
            : `cannot read the file: ${(e as Error).message}`;
    throw new ConfigError([{ file: path, line: 0, col: 0, path: '', message }]);
  }
  try {
    // fatal: invalid bytes are an error, not U+FFFD; a leading BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError([{ file: path, line: 0, col: 0, path: '', message: 'is not UTF-8 text' }]);
  }
}

/** yaml's messages start with a capital and may end with context; keep the first line. */
function yamlMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'YAML: a file holds one document; remove the second "---"';
  const first = message.split('\n')[0] ?? message;
  return `YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

/** Values other than plain maps, lists, strings, numbers, booleans and null (from explicit YAML tags). */
function nonPlainValues(value: unknown, path: Path): Located[] {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonPlainValues(v, [...path, i]));
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      return Object.entries(value).flatMap(([k, v]) => nonPlainValues(v, [...path, k]));
    }
  }
  return [{ path, at: 'value', message: `unsupported YAML value (${describeValue(value)}); use plain maps, lists, strings, numbers and booleans` }];
}
