/**
 * One scenario, one seed, written to a run folder: the event log (streamed,
 * hashed as it is written), the ground truth, and a summary of the market.
 * Every file goes to a temporary name first and is renamed when complete.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EVENT_SCHEMA_VERSION } from '../core/index.js';
import { ALL_CAPABILITIES } from '../detect/index.js';
import { compileScenario, loadScenario, type CompiledScenario } from '../scenario/index.js';
import { openEventLog, writeFileAtomic } from '../io/index.js';
import { MarketSummaryBuilder, episodeShape, type MarketSummary, type EpisodeShape } from '../evaluate/index.js';
import { version } from './version.js';

export interface RunOutcome {
  dir: string;
  scenario: string;
  seed: number;
  events: number;
  sha256: string;
  eventsFile: string;
  summary: RunSummary;
}

export interface RunSummary {
  schemaVersion: 1;
  scenario: string;
  seed: number;
  events: number;
  eventLogSha256: string;
  storyStart: number;
  endTime: number;
  coinSymbol: string;
  counts: MarketSummary['counts'];
  incidents: { id: string; kind: string; start: number; end: number; harmPoint: number | null; accounts: number; shape: EpisodeShape | null }[];
  /** One-minute bars of every symbol over the story window. */
  bars: MarketSummary['bars'];
}

function horizonOf(i: { kind: string; start: number; end: number }, all: readonly { start: number }[]): number {
  if (i.kind === 'attack') return Math.max(i.end - i.start, 60_000);
  const next = all.filter((o) => o.start > i.start).reduce((m, o) => Math.min(m, o.start), Infinity);
  return Math.min(30 * 60_000, next - i.start);
}

/** Sim steps between pauses that let the log stream drain (bounds memory on long runs). */
const SLICE = 20_000;

/** `gzipLevel` (zlib 1-9, default 6) only matters with `gzip`; the log hash is of the uncompressed lines either way. */
export async function runScenarioToDir(file: string, seed: number | undefined, dir: string, gzip: boolean, gzipLevel?: number): Promise<RunOutcome> {
  const scenario = loadScenario(file);
  const run = compileScenario(scenario, seed ?? scenario.seed);
  return writeRun(run, dir, gzip, readFileSync(file), gzipLevel);
}

export async function writeRun(run: CompiledScenario, dir: string, gzip: boolean, scenarioBytes: Uint8Array, gzipLevel?: number): Promise<RunOutcome> {
  const eventsFile = join(dir, gzip ? 'events.jsonl.gz' : 'events.jsonl');
  const log = await openEventLog(eventsFile, {
    ...(gzipLevel !== undefined ? { gzipLevel } : {}),
    // A simulated stream carries every field a rule may need; imported real data will declare less.
    header: { scenario: run.scenario.name, seed: run.seed, eventSchemaVersion: EVENT_SCHEMA_VERSION, capabilities: ALL_CAPABILITIES },
  });
  const market = new MarketSummaryBuilder(60_000);
  run.sim.onEvent((e) => {
    log.write(e);
    market.add(e);
  });
  try {
    while (!run.sim.advance(SLICE)) await log.drain();
  } catch (e) {
    await log.abort();
    throw e;
  }
  const closed = await log.close();
  const truth = run.sim.truth.toJSON(run.scenario.name, run.seed);
  const m = market.build();
  const coinBars = m.bars[run.coinSymbol] ?? [];
  const summary: RunSummary = {
    schemaVersion: 1,
    scenario: run.scenario.name,
    seed: run.seed,
    events: closed.events,
    eventLogSha256: closed.sha256,
    storyStart: run.storyStart,
    endTime: run.endTime,
    coinSymbol: run.coinSymbol,
    counts: m.counts,
    incidents: truth.incidents.map((i, k, all) => ({
      id: i.id,
      kind: i.kind,
      start: i.start,
      end: i.end,
      harmPoint: i.harmPoint,
      accounts: i.accounts.length,
      // Attacks: the peak inside the incident. Organic: within 30 min, but not into a later incident's move.
      shape: episodeShape(coinBars, m.barMs, i.start, horizonOf(i, all), 60 * 60_000),
    })),
    bars: Object.fromEntries(Object.entries(m.bars).map(([s, bars]) => [s, bars.filter((b) => b.t >= run.storyStart - 3_600_000)])),
  };
  await writeFileAtomic(join(dir, 'truth.json'), `${JSON.stringify(truth)}\n`);
  await writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary)}\n`);
  await writeFileAtomic(
    join(dir, 'manifest.json'),
    `${JSON.stringify(
      {
        tool: 'surveil',
        version,
        node: process.version,
        scenario: run.scenario.name,
        scenarioSha256: createHash('sha256').update(scenarioBytes).digest('hex'),
        seed: run.seed,
        eventLogSha256: closed.sha256,
        createdAt: new Date().toISOString(),
      },
      null,
      2,
    )}\n`,
  );
  return { dir, scenario: run.scenario.name, seed: run.seed, events: closed.events, sha256: closed.sha256, eventsFile, summary };
}
