/**
 * From document paths to line and column: follows a path through the YAML
 * node tree as far as it exists and points at the value, the key, or the
 * nearest node that exists, so every problem gets a `file:line:col`.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node as YamlNode, Pair } from 'yaml';
import { formatPath } from './errors.js';
import type { ConfigProblem } from './errors.js';
import type { Located, Path } from './locate-issues.js';

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

export function place(
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
export function findKeyAt(doc: Document, offset: number): { key: string; path: Path } | undefined {
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
