/**
 * The simulated input behind the report tests' SuiteResults, made by simulating:
 * compromised-key-pump (attack) and whale-followers (organic), two seeds each,
 * every built-in rule, through the CLI's `evaluateScenario`. The first seed of
 * each scenario is compiled once more with a MarketSummaryBuilder listening,
 * for the chart series (its alerts come from the evaluated run of the same
 * seed: runs are deterministic).
 *
 * Simulating takes a while on a shared machine, so the suite input is cached
 * in the system temp folder under a key made of the contents of src/ (but src/report), the two
 * scenario files and this file: a changed simulator or rule re-simulates.
 * (fixture.ts builds results from it; editing that does not re-simulate.)
 *
 * The organic scenario's suite label carries `<script>alert(1)</script>` and
 * the suite name and description carry markup and quotes, so the tests can
 * check that every renderer escapes them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickRules } from '../../src/cli/commands/eval.js';
import { evaluateScenario } from '../../src/cli/evaluate-run.js';
import { DetectorRegistry } from '../../src/detect/index.js';
import {
  MarketSummaryBuilder,
  runMetrics,
  seriesAlerts,
  type ScenarioSeries,
  type SuiteInput,
  type SuiteRun,
  type SuiteScenario,
} from '../../src/evaluate/index.js';
import { compileScenario, loadScenario } from '../../src/scenario/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCENARIO_FILES = ['scenarios/compromised-key-pump.yaml', 'scenarios/whale-followers.yaml'];
const SEEDS = [1, 2];
const SUPPRESS_MS = 5 * 60_000;
/** The organic scenario's label: a hostile string every renderer must escape. */
export const HOSTILE_LABEL = 'whale-followers[note=<script>alert(1)</script>]';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/** Content hash of everything the simulated input depends on. */
function cacheKey(): string {
  const h = createHash('sha256');
  const files = [
    ...filesUnder(join(root, 'src')).filter((f) => !relative(root, f).startsWith(join('src', 'report'))),
    ...SCENARIO_FILES.map((f) => join(root, f)),
    fileURLToPath(import.meta.url),
  ];
  for (const f of files) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Simulates the matrix: runs with per-rule metrics, and one series per scenario. */
function simulate(): Omit<SuiteInput, 'gates'> {
  const rules = pickRules(new DetectorRegistry(), undefined);
  const ruleNames = rules.map((r) => r.name);
  const scenarios: SuiteScenario[] = [];
  const runs: SuiteRun[] = [];
  const series: ScenarioSeries[] = [];
  for (const file of SCENARIO_FILES) {
    const path = join(root, file);
    const scenario = loadScenario(path);
    const label = scenario.name === 'whale-followers' ? HOSTILE_LABEL : scenario.name;
    let attack = false;
    SEEDS.forEach((seed, k) => {
      const ev = evaluateScenario(scenario, seed, rules, SUPPRESS_MS);
      const isAttack = ev.truth.incidents.some((i) => i.kind === 'attack');
      if (k === 0) attack = isAttack;
      runs.push({
        scenario: label,
        seed,
        attack: isAttack,
        events: ev.events,
        // Not the real event-log hash (that needs the JSONL writer); stable per run, which is all a report shows.
        eventsSha256: sha256(`${ev.run}:${ev.events}:${ev.alerts.length}`),
        metrics: runMetrics(ev, ruleNames),
        impacts: [],
      });
      if (k !== 0) return;
      const compiled = compileScenario(scenario, seed);
      const bars = new MarketSummaryBuilder(60_000);
      compiled.sim.onEvent((e) => bars.add(e));
      compiled.sim.run();
      const summary = bars.build();
      const symbol = compiled.coinSymbol;
      series.push({
        scenario: label,
        seed,
        symbol,
        tickSize: String(compiled.drawn.market.coin.tickSize),
        barMs: summary.barMs,
        storyStart: compiled.storyStart,
        bars: summary.bars[symbol] ?? [],
        alerts: seriesAlerts(ev.alerts, symbol),
        incidents: ev.truth.incidents
          .filter((i) => i.symbol === symbol)
          .map((i) => ({ kind: i.kind, start: i.start, end: i.end, harmPoint: i.harmPoint })),
      });
    });
    scenarios.push({ name: label, scenario: scenario.name, fileSha256: sha256(readFileSync(path)), overrides: {}, attack });
  }
  return {
    suite: {
      name: 'pump <vs> "attack" & co',
      description: "Attack and organic pump side by side; <b>bold</b> isn't bold & 'quotes' stay quotes.",
      fileSha256: sha256('fixture-suite'),
    },
    matrix: { scenarios, seeds: SEEDS, rules: rules.map((r) => ({ name: r.name, detector: r.name, params: {} })), policies: [] },
    shard: null,
    runs,
    series,
  };
}

let cached: Omit<SuiteInput, 'gates'> | undefined;

/** The simulated input (cached in memory, then on disk). */
export function suiteInput(): Omit<SuiteInput, 'gates'> {
  if (cached !== undefined) return cached;
  const dir = join(tmpdir(), 'surveil-report-tests'); // not node_modules: worktrees may share it
  const file = join(dir, `suite-input-${cacheKey()}.json`);
  if (existsSync(file)) {
    cached = JSON.parse(readFileSync(file, 'utf8')) as Omit<SuiteInput, 'gates'>;
    return cached;
  }
  cached = simulate();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(cached));
  return cached;
}

