/**
 * Calibration of the shipped scenarios against the real episodes
 * (CALIBRATION.md), over seeds 1-5: every seed draws its own parameters (coin
 * price, depth, sizes, timing), so a range must hold across draws, not for one
 * lucky seed. Each scenario and seed runs once, in a beforeAll; the tests
 * assert on what was recorded.
 *
 * Ranges come from the sources: attacks peak between 10x and 100x (VIA/BTC,
 * March 2018) with the first withdrawal request within minutes; organic
 * whale episodes rise +30% to +460% within minutes (Binance, 11 December
 * 2022) and give most of it back. If a range fails, do not widen it here
 * without saying why: either the scenario or the model drifted.
 *
 * Every run also checks what must hold everywhere: the exchange ledger audit
 * is clean (value conserved), seq runs 0..n-1, time never goes back, and the
 * ground truth is consistent with itself.
 *
 * `SHAPES_REPORT=1 npx vitest run test/scenario-runs/shapes.test.ts` prints
 * the measured values per scenario and seed.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truthSchema, type GroundTruth, type Incident, type MarketEvent, type Role } from '../../src/core/index.js';
import { MarketSummaryBuilder, episodeShape, largestBarMove, type Bar, type EpisodeShape } from '../../src/evaluate/index.js';
import { compileScenario, loadScenario, type Scenario } from '../../src/scenario/index.js';

const SEEDS = [1, 2, 3, 4, 5] as const;
const MINUTE = 60_000;
const BAR_MS = MINUTE;
const scenarioFile = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url));

/** An order on the coin, as the exchange saw it. */
interface CoinOrder {
  t: number;
  account: number;
  accepted: boolean;
  channel: string;
  key: number | null;
  platform: string | null;
  ip: string;
}

/** What one scenario + seed run left behind, for the tests to assert on. */
interface Measured {
  name: string;
  seed: number;
  scenario: Scenario;
  storyStart: number;
  endTime: number;
  coinSymbol: string;
  events: number;
  /** First sequence or time problem seen in the stream, or null. */
  streamProblem: string | null;
  audit: string[];
  truth: GroundTruth;
  /** One-minute bars of the coin. */
  bars: Bar[];
  /** Every trade on the coin: time and price (ticks). */
  coinTrades: { t: number; price: number }[];
  /** Account of every accepted order, by order id. */
  orderAccount: Map<number, number>;
  coinOrders: CoinOrder[];
  /** IP allow-lists of the API keys each platform holds, merged per platform. */
  platformIps: Map<string, Set<string>>;
}

function measure(name: string, scenario: Scenario, seed: number): Measured {
  const run = compileScenario(scenario, seed);
  const market = new MarketSummaryBuilder(BAR_MS);
  const coinTrades: Measured['coinTrades'] = [];
  const orderAccount = new Map<number, number>();
  const coinOrders: CoinOrder[] = [];
  const platformIps = new Map<string, Set<string>>();
  let events = 0;
  let lastT = 0;
  let streamProblem: string | null = null;
  run.sim.onEvent((e: MarketEvent) => {
    if (streamProblem === null && e.seq !== events) streamProblem = `event ${events} has seq ${e.seq}`;
    if (streamProblem === null && e.t < lastT) streamProblem = `seq ${e.seq} at t=${e.t} after t=${lastT}`;
    lastT = e.t;
    events++;
    market.add(e);
    switch (e.type) {
      case 'trade':
        if (e.symbol === run.coinSymbol) coinTrades.push({ t: e.t, price: e.price });
        break;
      case 'order-accepted':
      case 'order-rejected':
        if (e.type === 'order-accepted') orderAccount.set(e.order, e.account);
        if (e.symbol === run.coinSymbol) {
          coinOrders.push({ t: e.t, account: e.account, accepted: e.type === 'order-accepted', channel: e.channel, key: e.key, platform: e.platform, ip: e.ip });
        }
        break;
      case 'api-key-created':
        if (e.platform !== null) {
          let ips = platformIps.get(e.platform);
          if (ips === undefined) platformIps.set(e.platform, (ips = new Set()));
          for (const ip of e.ips) ips.add(ip);
        }
        break;
      default:
        break;
    }
  });
  run.sim.run();
  return {
    name,
    seed,
    scenario,
    storyStart: run.storyStart,
    endTime: run.endTime,
    coinSymbol: run.coinSymbol,
    events,
    streamProblem,
    audit: run.sim.exchange.audit(),
    truth: run.sim.truth.toJSON(scenario.name, seed),
    bars: market.build().bars[run.coinSymbol] ?? [],
    coinTrades,
    orderAccount,
    coinOrders,
    platformIps,
  };
}

// ---------------------------------------------------------------------------
// Measurements

/** Attack shape: the highest coin trade from the start to 30 minutes after the end, and when it happened. */
interface AttackShape {
  before: number;
  peak: number;
  peakMultiple: number;
  peakT: number;
  /** Share of the rise gone one hour after the peak (bar closes). */
  givenBack: number;
}

function attackShape(r: Measured, i: Incident): AttackShape | null {
  const shape = episodeShape(r.bars, BAR_MS, i.start, Math.max(i.end - i.start, MINUTE), 60 * MINUTE);
  if (shape === null) return null;
  let peak = 0;
  let peakT = -1;
  for (const tr of r.coinTrades) {
    if (tr.t < i.start || tr.t > i.end + 30 * MINUTE) continue;
    if (tr.price > peak) {
      peak = tr.price;
      peakT = tr.t;
    }
  }
  return { before: shape.before, peak, peakMultiple: peak / shape.before, peakT, givenBack: shape.givenBack };
}

/** Organic shape: the bar-based measure of evaluate/ (peak within 30 minutes, give-back within an hour of it). */
const organicShape = (r: Measured, i: Incident): EpisodeShape | null => episodeShape(r.bars, BAR_MS, i.start, 30 * MINUTE, 60 * MINUTE);

const roleCount = (i: Incident, role: Role) => i.accounts.filter((a) => a.role === role).length;
const incidentsOf = (r: Measured, kind: Incident['kind']) => r.truth.incidents.filter((i) => i.kind === kind);

// ---------------------------------------------------------------------------
// Runs, shared per scenario

const report: string[] = [];
afterAll(() => {
  if (process.env['SHAPES_REPORT']) console.log(`\n${report.join('\n')}\n`);
});

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const secs = (ms: number) => `${Math.round(ms / 1000)}s`;

function describeRun(r: Measured): string {
  const parts = r.truth.incidents.map((i) => {
    const roles = (['attacker', 'victim', 'whale', 'follower'] as const)
      .map((role) => [role, roleCount(i, role)] as const)
      .filter(([, n]) => n > 0)
      .map(([role, n]) => `${role} ${n}`)
      .join(', ');
    const harm = i.harmPoint === null ? 'harm -' : `harm +${secs(i.harmPoint - i.start)}`;
    if (i.kind === 'attack') {
      const s = attackShape(r, i);
      return `${i.id}: peak ${s?.peakMultiple.toFixed(2)}x at +${secs((s?.peakT ?? 0) - i.start)} (window ${secs(i.end - i.start)}), gave back ${pct(s?.givenBack ?? 0)}, ${harm}; ${roles}`;
    }
    const s = organicShape(r, i);
    return `${i.id}: peak ${s?.peakMultiple.toFixed(2)}x at +${secs(s?.peakAfterMs ?? 0)}, gave back ${pct(s?.givenBack ?? 0)}, ${harm}; ${roles}`;
  });
  const quiet = `story max 1m move ${pct(largestBarMove(r.bars, r.storyStart, r.endTime))}`;
  return `${r.name} s${r.seed} | ${r.events} ev | ${[...parts, quiet].join(' | ')} | malicious ${r.truth.maliciousOrders.length}`;
}

/** Runs the scenario for every seed once, before the tests of the enclosing describe; releases them after. */
function useRuns(name: string): (seed: number) => Measured {
  const runs = new Map<number, Measured>();
  beforeAll(() => {
    const scenario = loadScenario(scenarioFile(name));
    for (const seed of SEEDS) {
      const r = measure(name, scenario, seed);
      runs.set(seed, r);
      report.push(describeRun(r));
    }
  }, 120_000);
  afterAll(() => runs.clear());
  return (seed) => {
    const r = runs.get(seed);
    if (r === undefined) throw new Error(`${name} seed ${seed} did not run`);
    return r;
  };
}

/** What must hold on every run of every scenario. */
function invariants(get: (seed: number) => Measured): void {
  it.each(SEEDS)('seed %i: the ledger audit is clean at the end (value conserved)', (seed) => {
    expect(get(seed).audit).toEqual([]);
  });

  it.each(SEEDS)('seed %i: seq runs 0..n-1 and t never goes back', (seed) => {
    const r = get(seed);
    expect(r.events).toBeGreaterThan(0);
    expect(r.streamProblem).toBeNull();
  });

  it.each(SEEDS)('seed %i: the ground truth is well-formed and consistent', (seed) => {
    const r = get(seed);
    expect(() => truthSchema.parse(r.truth)).not.toThrow();
    const roleOf = new Map(r.truth.accounts.map((a) => [a.account, a.role]));
    for (const i of r.truth.incidents) {
      const where = `${r.name} s${seed} ${i.id}`;
      expect(i.symbol, where).toBe(r.coinSymbol);
      expect(i.prepStart, `${where} prepStart <= start`).toBeLessThanOrEqual(i.start);
      expect(i.start, `${where} start <= end`).toBeLessThanOrEqual(i.end);
      expect(i.end, `${where} end <= run end`).toBeLessThanOrEqual(r.endTime);
      if (i.harmPoint !== null) {
        expect(i.harmPoint, `${where} harm point inside [start, end]`).toBeGreaterThanOrEqual(i.start);
        expect(i.harmPoint, `${where} harm point inside [start, end]`).toBeLessThanOrEqual(i.end);
      }
      for (const a of i.accounts) expect(roleOf.get(a.account), `${where} account ${a.account}: incident role vs truth role`).toBe(a.role);
    }
  });
}

/** Every malicious order was accepted from an attacker or victim account of an attack incident. */
function maliciousOrdersBelongToAttack(get: (seed: number) => Measured): void {
  it.each(SEEDS)('seed %i: every malicious order belongs to an attacker or victim of the attack', (seed) => {
    const r = get(seed);
    const involved = new Map<number, Role>();
    for (const i of incidentsOf(r, 'attack')) for (const a of i.accounts) involved.set(a.account, a.role);
    const strays: string[] = [];
    for (const order of r.truth.maliciousOrders) {
      const account = r.orderAccount.get(order);
      const role = account === undefined ? undefined : involved.get(account);
      if (role !== 'attacker' && role !== 'victim') strays.push(`order ${order} (account ${account ?? 'unknown'}, role ${role ?? 'not in the attack'})`);
    }
    expect(strays).toEqual([]);
  });
}

// ---------------------------------------------------------------------------
// Attacks modelled on VIA/BTC (phished keys) and 3Commas (platform leak)

describe.each(['compromised-key-pump', 'leaked-platform-keys'])('%s', (name) => {
  const get = useRuns(name);
  invariants(get);
  maliciousOrdersBelongToAttack(get);

  it.each(SEEDS)('seed %i: one attack incident, with victims and attackers', (seed) => {
    const r = get(seed);
    expect(r.truth.incidents.map((i) => i.kind)).toEqual(['attack']);
    const i = r.truth.incidents[0]!;
    expect(roleCount(i, 'attacker')).toBeGreaterThan(0);
    expect(roleCount(i, 'victim')).toBeGreaterThan(0);
    expect(r.truth.maliciousOrders.length).toBeGreaterThan(0);
  });

  it.each(SEEDS)('seed %i: peaks 10x-100x over the pre-attack price, inside [start, end]', (seed) => {
    const r = get(seed);
    const i = r.truth.incidents[0]!;
    const s = attackShape(r, i);
    expect(s, 'no coin trade before the attack').not.toBeNull();
    const where = `${name} s${seed}: peak ${s!.peakMultiple.toFixed(2)}x at +${secs(s!.peakT - i.start)}, window ${secs(i.end - i.start)}`;
    expect(s!.peakMultiple, where).toBeGreaterThanOrEqual(10);
    expect(s!.peakMultiple, where).toBeLessThanOrEqual(100);
    expect(s!.peakT, where).toBeGreaterThanOrEqual(i.start);
    expect(s!.peakT, where).toBeLessThanOrEqual(i.end);
  });

  it.each(SEEDS)('seed %i: the first withdrawal request comes within 10 minutes of the start', (seed) => {
    const i = get(seed).truth.incidents[0]!;
    expect(i.harmPoint).not.toBeNull();
    const offset = i.harmPoint! - i.start;
    expect(offset, `harm +${secs(offset)}`).toBeGreaterThanOrEqual(0);
    expect(offset, `harm +${secs(offset)}`).toBeLessThanOrEqual(10 * MINUTE);
  });
});

// ---------------------------------------------------------------------------
// Organic whale episodes modelled on Binance, 11 December 2022

describe.each(['whale-followers', 'whale-thin-book'])('%s', (name) => {
  const get = useRuns(name);
  invariants(get);

  it.each(SEEDS)('seed %i: one organic incident with followers, nothing malicious', (seed) => {
    const r = get(seed);
    expect(r.truth.incidents.map((i) => i.kind)).toEqual(['organic']);
    const i = r.truth.incidents[0]!;
    expect(roleCount(i, 'whale')).toBe(1);
    expect(roleCount(i, 'follower')).toBeGreaterThan(0);
    expect(roleCount(i, 'attacker') + roleCount(i, 'victim')).toBe(0);
    expect(r.truth.maliciousOrders).toEqual([]);
  });

  it.each(SEEDS)('seed %i: peaks +30% to +460% within 30 minutes and gives back at least half within an hour', (seed) => {
    const r = get(seed);
    const s = organicShape(r, r.truth.incidents[0]!);
    expect(s, 'no coin trade before the episode').not.toBeNull();
    const where = `${name} s${seed}: peak ${s!.peakMultiple.toFixed(2)}x at +${secs(s!.peakAfterMs)}, gave back ${pct(s!.givenBack)}`;
    expect(s!.peakMultiple, where).toBeGreaterThanOrEqual(1.3);
    expect(s!.peakMultiple, where).toBeLessThanOrEqual(5.6);
    expect(s!.peakAfterMs, where).toBeLessThanOrEqual(30 * MINUTE);
    expect(s!.givenBack, where).toBeGreaterThanOrEqual(0.5);
  });
});

// ---------------------------------------------------------------------------
// No incident: an ordinary market-day

describe('quiet-market', () => {
  const get = useRuns('quiet-market');
  invariants(get);

  it.each(SEEDS)('seed %i: no incident, nothing malicious, no 1-minute move of 20% or more in the story window', (seed) => {
    const r = get(seed);
    expect(r.truth.incidents).toEqual([]);
    expect(r.truth.maliciousOrders).toEqual([]);
    expect(r.bars.some((b) => b.t >= r.storyStart), 'the coin trades in the story window').toBe(true);
    const move = largestBarMove(r.bars, r.storyStart, r.endTime);
    expect(move, `largest 1-minute close-to-close move ${pct(move)}`).toBeLessThan(0.2);
  });
});

// ---------------------------------------------------------------------------
// Hard negative: honest copy trading through one platform

describe('copy-trading-followers', () => {
  const get = useRuns('copy-trading-followers');
  invariants(get);

  it.each(SEEDS)('seed %i: one organic incident with at least 20 copiers, nothing malicious', (seed) => {
    const r = get(seed);
    expect(r.truth.incidents.map((i) => i.kind)).toEqual(['organic']);
    expect(roleCount(r.truth.incidents[0]!, 'follower')).toBeGreaterThanOrEqual(20);
    expect(roleCount(r.truth.incidents[0]!, 'attacker') + roleCount(r.truth.incidents[0]!, 'victim')).toBe(0);
    expect(r.truth.maliciousOrders).toEqual([]);
  });

  it.each(SEEDS)("seed %i: every copier order in the incident comes through the platform's API from its server IPs", (seed) => {
    const r = get(seed);
    const story = r.scenario.stories.find((s) => 'copyTrading' in s);
    expect(story).toBeDefined();
    const platformName = (story as Extract<Scenario['stories'][number], { copyTrading: unknown }>).copyTrading.platform;
    const declared = r.scenario.platforms.find((p) => p.name === platformName);
    expect(declared, `platform ${platformName} is declared`).toBeDefined();
    // The platform's server IPs, as the exchange saw them: the allow-list of the keys it holds.
    const serverIps = r.platformIps.get(platformName) ?? new Set<string>();
    expect(serverIps.size).toBe(declared!.serverIps);

    const i = r.truth.incidents[0]!;
    const copiers = new Set(i.accounts.filter((a) => a.role === 'follower').map((a) => a.account));
    const orders = r.coinOrders.filter((o) => copiers.has(o.account) && o.t >= i.start && o.t <= i.end);
    expect(orders.length, 'copier orders in the incident').toBeGreaterThanOrEqual(copiers.size);
    const off = orders.filter((o) => o.channel !== 'api' || o.key === null || o.platform !== platformName || !serverIps.has(o.ip));
    expect(off.slice(0, 5), `${off.length} of ${orders.length} copier orders did not come through ${platformName}`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Harder attacks: imitating the organic story, and a slow drain

describe.each(['mimic-attack', 'slow-drain-attack'])('%s', (name) => {
  const get = useRuns(name);
  invariants(get);
  maliciousOrdersBelongToAttack(get);

  it.each(SEEDS)('seed %i: an attack incident with a harm point, attackers and victims named, malicious orders', (seed) => {
    const r = get(seed);
    const attacks = incidentsOf(r, 'attack');
    expect(attacks).toHaveLength(1);
    const i = attacks[0]!;
    expect(i.harmPoint).not.toBeNull();
    expect(roleCount(i, 'attacker')).toBeGreaterThan(0);
    expect(roleCount(i, 'victim')).toBeGreaterThan(0);
    expect(r.truth.maliciousOrders.length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------
// Both stories on one coin

describe('attack-during-rally', () => {
  const get = useRuns('attack-during-rally');
  invariants(get);
  maliciousOrdersBelongToAttack(get);

  it.each(SEEDS)('seed %i: an organic incident, then an attack incident', (seed) => {
    const r = get(seed);
    const organic = incidentsOf(r, 'organic');
    const attacks = incidentsOf(r, 'attack');
    expect(organic).toHaveLength(1);
    expect(attacks).toHaveLength(1);
    expect(organic[0]!.start).toBeLessThan(attacks[0]!.start);
    expect(attacks[0]!.harmPoint).not.toBeNull();
    expect(roleCount(organic[0]!, 'follower')).toBeGreaterThan(0);
    expect(roleCount(attacks[0]!, 'attacker')).toBeGreaterThan(0);
    expect(roleCount(attacks[0]!, 'victim')).toBeGreaterThan(0);
  });
});
