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
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode, Pair } from 'yaml';
import { z } from 'zod';
import { ConfigError, describeValue, formatPath, quotedList, suggest } from './errors.js';
import type { ConfigProblem } from './errors.js';

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];

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

// ---------------------------------------------------------------------------
// Messages

/** Set on `unrecognized_keys` issues by {@link humanize}: every key the object's schema knows. */
const KNOWN_KEYS = 'surveilKnownKeys';

/** The default message of a union that no branch matched (a union may bring its own). */
const NO_FORM = 'does not match any of the allowed forms';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  bigint: 'a whole number',
  object: 'a map',
  record: 'a map',
  map: 'a map',
  array: 'a list',
  tuple: 'a list',
  set: 'a list',
  null: 'an empty value',
  undefined: 'nothing',
  never: 'nothing',
  date: 'a date',
};

function expectedName(expected: string): string {
  return EXPECTED[expected] ?? `a ${expected}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function sizeOf(input: unknown): string {
  if (Array.isArray(input)) return plural(input.length, 'item');
  if (typeof input === 'string') return plural(input.length, 'character');
  return describeValue(input);
}

/**
 * The error map passed to every parse: plain-language messages for zod's
 * generic issues (fields in fields.ts bring their own). Also records, on
 * `unrecognized_keys` issues, the keys the object knows, for suggestions.
 */
const humanize: z.core.$ZodErrorMap = (iss) => {
  const got = describeValue(iss.input);
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? 'missing' : `expected ${expectedName(iss.expected)}, got ${got}`;
    case 'unrecognized_keys': {
      const shape = (iss.inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
      if (shape && typeof shape === 'object') (iss as unknown as Record<string, unknown>)[KNOWN_KEYS] = Object.keys(shape);
      return `unknown ${iss.keys.length === 1 ? 'key' : 'keys'} ${quotedList(iss.keys, 'and')}`;
    }
    case 'too_small': {
      const min = String(iss.minimum);
      if (iss.origin === 'array' || iss.origin === 'set') return `needs at least ${plural(Number(iss.minimum), 'item')}, got ${sizeOf(iss.input)}`;
      if (iss.origin === 'string') {
        return Number(iss.minimum) === 1 ? 'must not be empty' : `must be at least ${plural(Number(iss.minimum), 'character')} long, got ${sizeOf(iss.input)}`;
      }
      return iss.inclusive === false ? `must be above ${min}, got ${got}` : `must be at least ${min}, got ${got}`;
    }
    case 'too_big': {
      const max = String(iss.maximum);
      if (iss.origin === 'array' || iss.origin === 'set') return `needs at most ${plural(Number(iss.maximum), 'item')}, got ${sizeOf(iss.input)}`;
      if (iss.origin === 'string') return `must be at most ${plural(Number(iss.maximum), 'character')} long, got ${sizeOf(iss.input)}`;
      return iss.inclusive === false ? `must be below ${max}, got ${got}` : `must be at most ${max}, got ${got}`;
    }
    case 'invalid_format':
      return iss.format === 'regex' && iss.pattern ? `${got} does not match the pattern ${iss.pattern}` : `${got} is not a valid ${iss.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(iss.divisor)}, got ${got}`;
    case 'invalid_value': {
      const values = iss.values.map((v) => (typeof v === 'string' ? v : String(v)));
      const stringsOnly = iss.values.every((v) => typeof v === 'string');
      const list = stringsOnly ? quotedList(values) : values.join(', ');
      const hint = typeof iss.input === 'string' && stringsOnly ? suggest(iss.input, values) : undefined;
      const expected = iss.values.length === 1 ? list : `one of ${list}`;
      return `expected ${expected}, got ${got}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`;
    }
    case 'invalid_key':
      return `has an invalid key ${got}`;
    case 'invalid_element':
      return `has an invalid entry ${got}`;
    case 'invalid_union': {
      const raw = iss as { discriminator?: string; options?: unknown[] };
      if (raw.discriminator !== undefined && raw.options) {
        return `expected ${raw.discriminator} to be one of ${quotedList(raw.options.map(String))}`;
      }
      return NO_FORM;
    }
    case 'custom':
      return 'is invalid';
    default:
      return undefined;
  }
};

// ---------------------------------------------------------------------------
// From zod issues to located problems

/** A problem tied to a document path; `at` says which node to point at. */
interface Located {
  path: Path;
  message: string;
  /** `value`: the node at path; `key`: the key `key` in the map at path; `map`: the map at path. */
  at: 'value' | 'key' | 'map';
  key?: string;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isPlainObject(v) && typeof seg !== 'symbol') v = Object.hasOwn(v, seg) ? v[seg as string] : undefined;
    else return undefined;
  }
  return v;
}

/** Whether `path` names a key absent from a map that exists. */
function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  const key = path[path.length - 1];
  if (key === undefined || typeof key === 'symbol') return false;
  const parent = valueAt(data, path.slice(0, -1));
  return isPlainObject(parent) && !Object.hasOwn(parent, key);
}

/** Turns zod issues (paths relative to `prefix`) into located problems; `data` is the whole document. */
function flatten(issues: readonly Issue[], prefix: Path, data: unknown): Located[] {
  const out: Located[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && isMissing(data, path)) {
      out.push({ path: path.slice(0, -1), at: 'map', message: `missing required key ${JSON.stringify(String(path[path.length - 1]))}` });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      out.push(...resolveUnion(issue.errors, path, data, issue.message));
    } else if (issue.code === 'unrecognized_keys') {
      const present = valueAt(data, path);
      const known = (issue as unknown as Record<string, unknown>)[KNOWN_KEYS];
      const candidates = Array.isArray(known)
        ? known.filter((k): k is string => typeof k === 'string' && !(isPlainObject(present) && Object.hasOwn(present, k)))
        : [];
      for (const key of issue.keys) out.push({ path, at: 'key', key, message: unknownKeyMessage(key, candidates) });
    } else {
      out.push({ path, at: 'value', message: issue.message });
    }
  }
  return out;
}

function unknownKeyMessage(key: string, candidates: readonly string[]): string {
  const hint = suggest(key, candidates);
  return `unknown key ${JSON.stringify(key)}${hint === undefined ? '' : ` (did you mean ${JSON.stringify(hint)}?)`}`;
}

/** Issues about the shape of the value itself (its type, its keys) rather than about something inside it. */
function issueScore(issue: Issue, value: unknown): number {
  const depth = issue.path.length;
  if (issue.code === 'invalid_union' && issue.errors.length > 0 && depth === 0) {
    return Math.max(...issue.errors.map((errs) => branchScore(errs, value)));
  }
  if (depth === 0 && issue.code === 'invalid_type') return 0;
  if (depth === 0 && issue.code === 'unrecognized_keys') return 1;
  if (depth === 1 && issue.code === 'invalid_type' && isMissing(value, issue.path)) return 1;
  return 2 + depth;
}

/**
 * How far a union branch got before failing: 0 the value has the wrong type for
 * it, 1 right type but wrong keys, 2 + depth a problem that deep inside (the
 * branch matched the value's shape). Higher is a better match.
 */
function branchScore(issues: readonly Issue[], value: unknown): number {
  return issues.length === 0 ? Infinity : Math.max(...issues.map((i) => issueScore(i, value)));
}

function shapeIssueCount(issues: readonly Issue[], value: unknown): number {
  return issues.filter((i) => issueScore(i, value) <= 1).length;
}

const CONTAINER_TYPES = new Set(['object', 'record', 'map', 'array', 'tuple', 'set']);

/**
 * Picks what to say about a value that matched no branch of a union: the
 * problems of the branch it came closest to, or, when several are equally
 * close, one merged message (unknown keys, conflicting keys, the keys or types
 * that would have been accepted).
 */
function resolveUnion(branches: readonly (readonly Issue[])[], path: Path, data: unknown, unionMessage: string): Located[] {
  const value = valueAt(data, path);
  const ranked = branches.map((issues, index) => ({
    issues,
    index,
    score: branchScore(issues, value),
    shape: shapeIssueCount(issues, value),
  }));
  ranked.sort((a, b) => b.score - a.score || a.shape - b.shape || a.issues.length - b.issues.length || a.index - b.index);
  const best = ranked[0];
  if (best === undefined) return [{ path, at: 'value', message: NO_FORM }];
  const tied = ranked.filter((r) => r.score === best.score && r.shape === best.shape && r.issues.length === best.issues.length);
  if (tied.length === 1 || best.score >= 2) return flatten(best.issues, path, data);

  if (best.score === 1 && isPlainObject(value)) return mergeShapes(tied.map((t) => t.issues), path, value, data);

  // Wrong type for every branch. A scalar most likely meant the scalar form.
  const rootExpected = (issues: readonly Issue[]) =>
    issues.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [i.expected as string] : []));
  const isContainer = typeof value === 'object' && value !== null;
  const sameKind = ranked.filter((r) => r.score === 0 && rootExpected(r.issues).some((e) => CONTAINER_TYPES.has(e) === isContainer));
  if (sameKind.length === 1 && sameKind[0]) return flatten(sameKind[0].issues, path, data);
  if (unionMessage !== NO_FORM) return [{ path, at: 'value', message: unionMessage }];
  const expected = [...new Set(ranked.filter((r) => r.score === 0).flatMap((r) => rootExpected(r.issues).map(expectedName)))];
  const list = expected.length <= 1 ? (expected[0] ?? 'another value') : `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
  return [{ path, at: 'value', message: `expected ${list}, got ${describeValue(value)}` }];
}

/** Several object branches fit a map equally badly: say which keys are wrong. */
function mergeShapes(branches: readonly (readonly Issue[])[], path: Path, value: Record<string, unknown>, data: unknown): Located[] {
  const knownBy = branches.map((issues) => {
    const unknown = new Set(issues.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : [])));
    const missing = issues.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 1 && isMissing(value, i.path) ? [String(i.path[0])] : []));
    const known = issues.flatMap((i) => {
      const k = (i as unknown as Record<string, unknown>)[KNOWN_KEYS];
      return Array.isArray(k) ? k.filter((x): x is string => typeof x === 'string') : [];
    });
    return { unknown, missing, known: new Set([...known, ...missing, ...Object.keys(value).filter((k) => !unknown.has(k))]) };
  });
  const allKnown = new Set(knownBy.flatMap((b) => [...b.known]));
  const present = Object.keys(value);
  const unknownEverywhere = present.filter((k) => !allKnown.has(k));
  if (unknownEverywhere.length > 0) {
    const candidates = [...allKnown].filter((k) => !present.includes(k));
    return unknownEverywhere.map((key) => ({ path, at: 'key' as const, key, message: unknownKeyMessage(key, candidates) }));
  }
  const conflicting = present.filter((k) => knownBy.some((b) => b.unknown.has(k)));
  if (conflicting.length > 1) {
    return [{ path, at: 'map', message: `use only one of ${quotedList([...conflicting].sort(), 'or')}` }];
  }
  const missing = [...new Set(knownBy.flatMap((b) => b.missing))];
  if (knownBy.every((b) => b.missing.length === 1 && b.unknown.size === 0)) {
    return [{ path, at: 'map', message: `needs one of the keys ${quotedList(missing, 'or')}` }];
  }
  return flatten(branches[0] ?? [], path, data);
}

// ---------------------------------------------------------------------------
// From document paths to line and column

interface Found {
  /** The deepest node reached along the path, aliases resolved. */
  node: YamlNode | null;
  /** The same node as written (an alias stays an alias): where to point. */
  site: YamlNode | null;
  /** The key node of the last map entry followed, if any. */
  keyNode: YamlNode | null;
  /** Whether the whole path was followed. */
  complete: boolean;
}

function keyText(pair: Pair): string {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return String(k);
}

function resolve(node: unknown, doc: Document): YamlNode | null {
  return ((isAlias(node) ? node.resolve(doc) : node) ?? null) as YamlNode | null;
}

/** Follows a zod path through the YAML node tree, as far as it exists. */
function nodeAt(doc: Document, path: readonly PropertyKey[]): Found {
  let site = (doc.contents ?? null) as YamlNode | null;
  let keyNode: YamlNode | null = null;
  for (const seg of path) {
    const current = resolve(site, doc);
    let next: unknown;
    if (isMap(current)) {
      const pair = current.items.find((p) => keyText(p) === String(seg));
      if (!pair) return { node: current, site, keyNode, complete: false };
      keyNode = (pair.key as YamlNode | null) ?? keyNode;
      next = pair.value;
    } else if (isSeq(current) && typeof seg === 'number') {
      next = current.items[seg];
      keyNode = null;
    } else {
      return { node: current, site, keyNode, complete: false };
    }
    if (next === undefined || next === null) return { node: current, site: keyNode ?? site, keyNode, complete: false };
    site = next as YamlNode;
  }
  return { node: resolve(site, doc), site, keyNode, complete: true };
}

/** The position of a node, or of its key when the value is empty (`key:` with nothing after it). */
function startOf(found: Found): number | undefined {
  const { site, keyNode } = found;
  if (isScalar(site) && site.value === null && site.source === '' && keyNode?.range) return keyNode.range[0];
  return site?.range?.[0] ?? keyNode?.range?.[0];
}

function place(
  l: Located,
  doc: Document,
  at: (offset: number) => { line: number; col: number },
  file: string,
): ConfigProblem {
  const found = nodeAt(doc, l.path);
  let offset = startOf(found);
  if (l.at === 'key' && l.key !== undefined && found.complete) {
    const map = found.node;
    if (isMap(map)) {
      const pair = map.items.find((p) => isPair(p) && keyText(p) === l.key);
      const k = pair?.key as YamlNode | undefined;
      if (k?.range) offset = k.range[0];
    }
  }
  const { line, col } = offset === undefined ? { line: 1, col: 1 } : at(offset);
  return { file, line, col, path: formatPath(l.path), message: l.message };
}

/** The key (and the path of its map) whose key node starts at `offset`: how yaml reports a duplicate key. */
function findKeyAt(doc: Document, offset: number): { key: string; path: Path } | undefined {
  const search = (node: unknown, path: Path): { key: string; path: Path } | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = pair.key as YamlNode | null;
        if (k?.range && k.range[0] === offset) return { key: keyText(pair), path };
        const hit = search(pair.value, [...path, keyText(pair)]);
        if (hit) return hit;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const hit = search(node.items[i], [...path, i]);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return search(doc.contents, []);
}
