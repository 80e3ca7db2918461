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
'attack-during-rally': { sha256: '467a54a8e1560ed43eace80a010647aff234bd5642c151fb9cad74156293e7b5', events: 134564 },
  'compromised-key-pump': { sha256: '823222f0e5a5caee8ca457c8fa58cc24ee1d0956aa1c49eb5c5d4b212732b5a7', events: 122634 },
  'copy-trading-followers': { sha256: '2b0dd3c4a4396c6a9f164fcbf49a3912507e4489cbcdad397bdc755aaf82e477', events: 101651 },
  'leaked-platform-keys': { sha256: '39f89c1f43e3ef72273ebe4d01f7f62be4c9ada9711eefb495de1619547ecb7e', events: 153033 },
  'mimic-attack': { sha256: '24492b74eca254047afb246018d62245e7e459e97f49fc405edf57978bf8ea23', events: 114656 },
  'quiet-market': { sha256: 'e722defdee5ec66201813946e2f547521a007bfdf1c80d91bada8ae9cde4abda', events: 94481 },
  'slow-drain-attack': { sha256: '1855cfbc3f921a76b06e70d1c18d3dff9457956999fdf67d735daa15948c6586', events: 104168 },
  'whale-followers': { sha256: '0418c5b92a60867d02b223ca2ff8ce9128b50f54fd82ffaaba38bbffbbc6f296', events: 102049 },
  'whale-thin-book': { sha256: '3ec98507bf5605e17243b3145a4ec9ea667ce3f61d775bc2f793dcb9ab8cf747', events: 128665 },
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
