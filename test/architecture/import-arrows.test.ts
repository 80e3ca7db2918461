/**
 * Keeps the architecture of DESIGN.md honest: the arrows between folders point
 * one way, pure folders touch no `node:*` module and no wall clock or ambient
 * randomness, and a folder is entered only through its index.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

/** Which folders each folder may import from (besides itself). */
const allowed: Record<string, string[]> = {
  core: [],
  book: ['core'],
  exchange: ['book', 'core'],
  agents: ['exchange', 'book', 'core'],
  sim: ['agents', 'exchange', 'book', 'core'],
  scenario: ['sim', 'agents', 'exchange', 'book', 'core'],
  detect: ['core'],
  evaluate: ['detect', 'core'],
  response: ['detect', 'exchange', 'book', 'core'],
  report: ['evaluate', 'detect', 'core'],
  io: ['book', 'core', 'detect'],
  cli: ['*'],
};

/** Folders that must stay pure: no node:* modules, no clock, no Math.random. */
const pure = ['core', 'book', 'exchange', 'agents', 'sim', 'detect', 'evaluate', 'response', 'report'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `... from 'x'`, side-effect `import 'x'`, and dynamic `import('x')`. */
const importRe = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importRe)].map((m) => (m[1] ?? m[2])!);
}

const folderOf = (file: string) => relative(src, file).split(sep)[0]!;
const files = filesUnder(src);

describe('import arrows of DESIGN.md', () => {
  it('every folder under src/ is a known one', () => {
    const folders = new Set(files.map(folderOf));
    for (const f of folders) expect(Object.keys(allowed), `unknown folder src/${f}`).toContain(f);
  });

  it('folders import only the folders below them, and only through index.ts', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(src + sep)) continue; // e.g. cli -> bench/
        const to = folderOf(target);
        if (to === from) continue;
        const where = `${relative(root, file)} imports ${spec}`;
        if (!allowed[from]!.includes('*') && !allowed[from]!.includes(to)) violations.push(`${where}: ${from} may not import ${to}`);
        if (!allowed[from]!.includes('*') && relative(join(src, to), target) !== 'index.js') {
          violations.push(`${where}: import src/${to} through its index.ts`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('pure folders import no node:* module and read no clock or ambient randomness', () => {
    const violations: string[] = [];
    for (const file of files) {
      if (!pure.includes(folderOf(file))) continue;
      for (const spec of importsOf(file)) {
        if (spec.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'zlib', 'worker_threads'].includes(spec)) {
          violations.push(`${relative(root, file)} imports ${spec}`);
        }
      }
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l))
        .join('\n');
      for (const bad of ['Math.random', 'Date.now', 'new Date(', 'performance.now', 'process.hrtime']) {
        if (code.includes(bad)) violations.push(`${relative(root, file)} uses ${bad}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
