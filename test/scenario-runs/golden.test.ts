/**
 * Golden event logs: the SHA-256 of every shipped scenario's event log at seed
 * 1, exactly as `surveil run <scenario> --seed 1` writes it (header line
 * included), and its event count.
 *
 * Same scenario + same seed + same version gives the same bytes (DESIGN.md,
 * principle 1), so these hashes only move when the simulation really changed:
 * an event's fields or their order (bump EVENT_SCHEMA_VERSION in
 * src/core/events.ts when the format changes), an agent's behaviour, the
 * exchange's matching or fees, the scheduler's order of things, a scenario file
 * or its defaults, or how seeds are drawn. A performance change must leave them
 * alone. When one moves on purpose, update the table and say in the commit
 * message what changed in the events and why; the failure message prints the
 * new row to paste. When you add a scenario, add its row.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarioToDir, type RunOutcome } from '../../src/cli/run-scenario.js';
import { scenarioFiles, scenarioName } from '../../src/scenario/index.js';

const SEED = 1;

/** scenario name -> SHA-256 of events.jsonl and the number of events (header not counted), at seed 1. */
const GOLDEN: Record<string, { sha256: string; events: number }> = {
  'attack-during-rally': { sha256: 'd5cd1c062d1d6416e10e79225e81e1f916650d8ded89072fa9d0e982ebab37bf', events: 134564 },
  'compromised-key-pump': { sha256: '6a1328cfd12dfc679d857eaea2171c842311658d966d8aaf1edf136805b358d8', events: 122634 },
  'copy-trading-followers': { sha256: 'c56b1f5c06ef47c19a4ccffba67f78a38161177ca4d643563193a047793490f1', events: 101651 },
  'leaked-platform-keys': { sha256: '4916a0b57db721c107c8fd51c7ebb1ae76f36a4ff05fd639247c4e594763f0a1', events: 153033 },
  'mimic-attack': { sha256: '2ff561ce29a52e8b283b30211fae4e70f18e4322dad9a94d7cc1ec3cb85d89e1', events: 114656 },
  'quiet-market': { sha256: '2d5aeb58e3ff7973dba63374bf869a1a8f008688b9a2dec58810c6ff384fef91', events: 94481 },
  'slow-drain-attack': { sha256: '280536e7d049ca38b32daa0c024f315dcbae5c3ad7eb301cd8bf5448387939fa', events: 104168 },
  'whale-followers': { sha256: 'f3b8559b551b58e076c1605c49dcd1428c7f5a2fc99bdfd3060089bf83332892', events: 102049 },
  'whale-thin-book': { sha256: 'e523b8caba322566cc7fa261bed3df24617fab27984549dbb5ed691f1cdb837d', events: 128665 },
};

const scenariosDir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = scenarioFiles(scenariosDir);
const names = files.map(scenarioName);
const tmp = mkdtempSync(join(tmpdir(), 'surveil-golden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Written {
  outcome: RunOutcome;
  bytes: Buffer;
  /** SHA-256 of the file as it lies on disk, computed here (not by the writer). */
  fileSha256: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function write(file: string, dir: string, gzip = false): Promise<Written> {
  const outcome = await runScenarioToDir(file, SEED, join(tmp, dir), gzip);
  const stored = readFileSync(outcome.eventsFile);
  const bytes = gzip ? gunzipSync(stored) : stored;
  return { outcome, bytes, fileSha256: sha256(bytes) };
}

const runs = new Map<string, Written>();

beforeAll(async () => {
  // One run per scenario, in file order, in this one process: the repeat test
  // below then also catches state leaking from one run into the next.
  for (const file of files) runs.set(scenarioName(file), await write(file, scenarioName(file)));
}, 120_000);

const row = (name: string, w: Written) =>
  `  '${name}': { sha256: '${w.outcome.sha256}', events: ${w.outcome.events} },`;

describe('golden event logs (seed 1)', () => {
  it('has one row per shipped scenario', () => {
    expect(names, 'scenarios/*.yaml and the GOLDEN table disagree: add or remove rows').toEqual(Object.keys(GOLDEN).sort());
  });

  it.each(names)('%s', (name) => {
    const w = runs.get(name)!;
    const golden = GOLDEN[name];
    // The hash the run reports is the hash of the bytes on disk, header line included.
    expect(w.fileSha256).toBe(w.outcome.sha256);
    expect(w.bytes.toString('utf8').split('\n').length - 2, 'lines = header + events + final newline').toBe(w.outcome.events);
    const advice =
      `${name} seed ${SEED}: the event log changed. If that is intended, explain the change in the commit ` +
      `(bump EVENT_SCHEMA_VERSION if the format changed) and replace its GOLDEN row with:\n${row(name, w)}\n`;
    expect({ sha256: w.outcome.sha256, events: w.outcome.events }, advice).toEqual(golden);
  });

  it('gives identical bytes when the same scenario and seed run again (after every other scenario ran)', async () => {
    const first = files[0]!;
    const again = await write(first, 'again');
    const before = runs.get(scenarioName(first))!;
    expect(again.outcome.sha256).toBe(before.outcome.sha256);
    expect(again.bytes.equals(before.bytes)).toBe(true);
  });

  it('writes gzip that decompresses to the same bytes and reports the same hash', async () => {
    const file = files.find((f) => scenarioName(f) === 'compromised-key-pump') ?? files[0]!;
    const gz = await write(file, 'gz', true);
    const plain = runs.get(scenarioName(file))!;
    expect(gz.outcome.eventsFile.endsWith('events.jsonl.gz')).toBe(true);
    expect(readdirSync(join(tmp, 'gz'))).not.toContain('events.jsonl');
    expect(gz.bytes.equals(plain.bytes)).toBe(true);
    expect(gz.outcome.sha256).toBe(plain.outcome.sha256);
  });
});
