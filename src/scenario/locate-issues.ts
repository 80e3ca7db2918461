/**
 * From zod issues to located problems: which path of the document each issue
 * is about and what to point at there (the value, a key, or the map that
 * lacks a key), with unions resolved to what the user most likely meant (the
 * branch the value came closest to, or one merged message when several tie).
 * Line and column come later, from the YAML nodes (yaml-positions.ts).
 */
import type { z } from 'zod';
import { describeValue, quotedList, suggest } from './errors.js';
import { expectedName, KNOWN_KEYS, NO_FORM } from './issue-messages.js';

type Issue = z.core.$ZodIssue;
export type Path = PropertyKey[];

/** A problem tied to a document path; `at` says which node to point at. */
export interface Located {
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
export function flatten(issues: readonly Issue[], prefix: Path, data: unknown): Located[] {
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
