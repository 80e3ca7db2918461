/** Reading and writing baseline files (data/baselines/<suite>.json). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASELINE_FORMAT, BASELINE_VERSION, type Baseline } from '../../evaluate/index.js';
import { stableStringify, writeFileAtomic } from '../../io/index.js';
import { InputError } from '../errors.js';

export const defaultBaselinePath = (suite: string) => join('data', 'baselines', `${suite}.json`);

export function readBaseline(path: string): Baseline {
  if (!existsSync(path)) throw new InputError(`${path}: no baseline file; create it with surveil baseline update <suite> --baseline ${path}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(`${path}: not JSON (${(e as Error).message})`);
  }
  const b = data as Partial<Baseline>;
  if (b.format !== BASELINE_FORMAT || typeof b.metrics !== 'object' || b.metrics === null) throw new InputError(`${path}: not a surveil baseline (format "${BASELINE_FORMAT}")`);
  if (b.version !== BASELINE_VERSION) throw new InputError(`${path}: baseline version ${String(b.version)}, this surveil reads ${BASELINE_VERSION}`);
  for (const [k, v] of Object.entries(b.metrics)) {
    if (v !== null && typeof v !== 'number') throw new InputError(`${path}: metric "${k}" is ${JSON.stringify(v)}, expected a number or null`);
  }
  return b as Baseline;
}

export async function writeBaseline(path: string, baseline: Baseline): Promise<void> {
  // One metric per line, so a baseline change reads well in a diff.
  const lines = Object.keys(baseline.metrics)
    .sort()
    .map((k) => `    ${JSON.stringify(k)}: ${stableStringify(baseline.metrics[k])}`);
  const text = `{\n  "format": ${JSON.stringify(baseline.format)},\n  "version": ${baseline.version},\n  "suite": ${JSON.stringify(baseline.suite)},\n  "metrics": {\n${lines.join(',\n')}\n  }\n}\n`;
  await writeFileAtomic(path, text);
}
