/**
 * Turns a scenario and a seed into a ready-to-run simulation: draws every
 * distribution, lists the market, opens every account in an order that
 * reveals no role, gives the populations their opening balances, and builds
 * the agents of the market and of each story.
 */
import { type AccountId, streamFor, toScaled, toUnits, type RandomStream } from '../core/index.js';
import { Simulation } from '../sim/index.js';
import {
  Attacker,
  BackgroundPopulation,
  CashOut,
  CopyTrading,
  MarketMaker,
  MomentumFollowers,
  NoiseTrader,
  Victims,
  Whale,
  type VictimRoster,
  deviceId,
  homeIp,
} from '../agents/index.js';
import { drawAll, type Drawn } from './draw.js';
import type { BalancesSpec as BalancesInput, CoinSpec as CoinInput, MakerSpec as MakerInput, Scenario } from './schema.js';
import { openAccounts, type AccountPlan } from './accounts.js';
import { MARKET_DEFAULTS } from './defaults.js';

export type DrawnScenario = Drawn<Scenario>;
type BalancesSpec = Drawn<BalancesInput>;
type CoinSpec = Drawn<CoinInput>;
type MakerSpec = Drawn<MakerInput>;

export interface CompiledScenario {
  sim: Simulation;
  scenario: Scenario;
  drawn: DrawnScenario;
  seed: number;
  /** When the story window opens (end of warm-up), and when the run ends, ms. */
  storyStart: number;
  endTime: number;
  /** The thin coin's symbol, e.g. ALT/BTC. */
  coinSymbol: string;
}

export function compileScenario(scenario: Scenario, seed: number): CompiledScenario {
  const d = drawAll(scenario, streamFor(seed, 'scenario', 'draw')) as DrawnScenario;
  const m = d.market;
  const storyStart = d.warmup;
  const endTime = d.warmup + d.duration;
  const sim = new Simulation({ seed, endTime, marketDataDelayMs: m.marketDataDelay, exchange: { reversalWindowMs: m.reversalWindow } });
  const ex = sim.exchange;
  const quote = m.quote.asset;
  const coinSymbol = `${m.coin.asset}/${quote}`;

  // Market.
  ex.listAsset({ code: quote, decimals: m.quote.decimals, confirmationMs: m.quote.confirmation, withdrawalDelayMs: m.quote.withdrawalDelay });
  const coins = [m.coin, ...m.majors];
  for (const c of coins) {
    ex.listAsset({ code: c.asset, decimals: c.decimals, confirmationMs: m.quote.confirmation, withdrawalDelayMs: m.quote.withdrawalDelay });
  }
  for (const c of coins) {
    ex.listSymbol({
      code: `${c.asset}/${quote}`,
      base: c.asset,
      quote,
      tickSize: c.tickSize,
      lotSize: c.lotSize,
      minNotional: toUnits(c.minNotional, m.quote.decimals, 'minNotional', { allowZero: true }),
      makerFeeBps: m.fees.makerBps,
      takerFeeBps: m.fees.takerBps,
    });
  }
  const quoteUnits = (text: string, what: string) => toUnits(text, m.quote.decimals, what);
  /** An opening balance, credited at once; a refusal here is a bug in this file, so it throws. */
  const open = (account: AccountId, asset: string, amount: number, address: string) => {
    const r = ex.deposit(account, asset, amount, address, true);
    if (typeof r === 'string') throw new Error(`opening balance of ${amount} ${asset} for account ${account} refused: ${r}`);
  };
  const priceOf = (c: (typeof coins)[number]) => toScaled(c.price, c.tickSize, 'price');

  // Who needs accounts. Opened together, shuffled: ids say nothing about roles.
  const plan: AccountPlan = {};
  plan['maker'] = coins.length;
  plan['noise'] = m.noise.accounts;
  plan['background'] = d.population.accounts;
  if (m.followers) plan['followers'] = m.followers.accounts;
  d.stories.forEach((s, i) => {
    if ('attack' in s) {
      plan[`victims-${i}`] = s.attack.victims;
      plan[`attackers-${i}`] = s.attack.attackers;
    } else if ('organic' in s) plan[`whale-${i}`] = 1;
    else {
      plan[`leader-${i}`] = 1;
      plan[`copiers-${i}`] = s.copyTrading.copiers;
    }
  });
  const ids = openAccounts(ex, plan, streamFor(seed, 'scenario', 'accounts'));
  const balanceRng = streamFor(seed, 'scenario', 'balances');
  const fund = (accounts: AccountId[], spec: BalancesSpec) => {
    for (const a of accounts) fundAccount(ex, a, spec, m.coin, m.majors, quote, m.quote.decimals, balanceRng);
  };

  // Platforms: named server IP pools (documentation range addresses).
  const platforms = d.platforms.map((p, i) => ({
    name: p.name,
    serverIps: Array.from({ length: p.serverIps }, (_, k) => `203.0.${113 + i}.${10 + k}`),
  }));
  const platform = (name: string) => platforms.find((p) => p.name === name)!;

  // Market makers: one per symbol, funded for several times their quoted depth.
  coins.forEach((c, i) => {
    const spec: MakerSpec = i === 0 ? m.coinMaker : m.majorMaker;
    const symbol = `${c.asset}/${quote}`;
    const price = priceOf(c);
    const info = ex.symbolInfo(symbol);
    const levelQty = Math.max(1, Math.round(quoteUnits(spec.levelValue, 'levelValue') / (price * info.quoteUnitsPerTickLot)));
    const depthLots = Math.ceil(levelQty * geometric(spec.depthGrowth, spec.levels));
    const account = ids['maker']![i]!;
    open(account, c.asset, depthLots * 4 * info.baseUnitsPerLot, `mm-${i}`);
    open(account, quote, depthLots * 4 * price * info.quoteUnitsPerTickLot, `mm-${i}`);
    sim.addAgent(
      new MarketMaker(`maker-${c.asset}`, {
        ...MARKET_DEFAULTS.maker,
        symbol,
        account,
        ip: `198.51.100.${10 + i}`,
        fairPrice: price,
        levels: spec.levels,
        halfSpreadBps: spec.halfSpreadBps,
        levelStepBps: spec.levelStepBps,
        levelQty,
        depthGrowth: spec.depthGrowth,
        followWeight: spec.followWeight,
        reversionHalfLifeMs: spec.reversionHalfLife,
        inventorySkewBps: spec.inventorySkewBps,
        volWidening: spec.volWidening,
        volBaselineBps: spec.halfSpreadBps,
        refreshMs: spec.refresh,
      }),
    );
  });

  // Noise flow on the coin.
  const coinPrice = priceOf(m.coin);
  const coinInfo = ex.symbolInfo(coinSymbol);
  const orderValue = quoteUnits(m.noise.orderValue, 'orderValue');
  const orderLots = Math.max(1, Math.round(orderValue / (coinPrice * coinInfo.quoteUnitsPerTickLot)));
  for (const a of ids['noise']!) {
    open(a, quote, orderValue * 40, `w-${a}`);
    open(a, m.coin.asset, orderLots * 40 * coinInfo.baseUnitsPerLot, `w-${a}`);
  }
  sim.addAgent(
    new NoiseTrader('noise', {
      ...MARKET_DEFAULTS.noise,
      symbol: coinSymbol,
      accounts: ids['noise']!,
      ordersPerDay: m.noise.ordersPerDay,
      marketShare: m.noise.marketShare,
      limitOffsetBps: m.noise.limitOffsetBps,
      limitLifetimeMs: m.noise.limitLifetime,
      sizeMedianLots: orderLots,
    }),
  );

  // The background population: majors mostly, the coin sometimes, some through platforms.
  const pop = d.population;
  fund(ids['background']!, pop.balances);
  const majorWeight = m.majors.length > 0 ? (1 - (pop.coinWeight)) / m.majors.length : 0;
  sim.addAgent(
    new BackgroundPopulation('background', {
      ...MARKET_DEFAULTS.background,
      accounts: ids['background']!,
      symbols: [{ symbol: coinSymbol, weight: pop.coinWeight }, ...m.majors.map((c) => ({ symbol: `${c.asset}/${quote}`, weight: majorWeight }))],
      tradesPerAccountPerDay: pop.tradesPerDay,
      platformShare: platforms.length > 0 ? (pop.platformShare) : 0,
      platforms,
      dormantKeyShare: pop.dormantKeyShare,
    }),
  );

  // Followers count as part of the (first) organic episode from the whale's credit until an hour after its buying.
  const organicIncident = d.stories.map((s) => ('organic' in s ? s.organic : null)).find((s) => s !== null);
  const episodeFrom = organicIncident ? storyStart + organicIncident.at + m.quote.confirmation : 0;
  const episodeUntil = organicIncident ? episodeFrom + organicIncident.buyDuration + 3_600_000 : 0;
  if (m.followers) {
    const f = m.followers;
    fund(ids['followers']!, f.balances);
    sim.addAgent(
      new MomentumFollowers('followers', {
        ...MARKET_DEFAULTS.followers,
        symbol: coinSymbol,
        accounts: ids['followers']!,
        ...(organicIncident
          ? { incident: { id: organicIncident.id, models: organicIncident.models ?? d.models, from: episodeFrom, until: episodeUntil } }
          : {}),
        baseRatePerDay: f.baseRatePerDay,
        excitation: f.excitation,
        entryReturnBps: f.entryReturnBps,
        lookbackMs: f.lookback,
        reactMedianMs: f.reactMedian,
        buyFractionMedian: f.buyFraction,
        holdMedianMs: f.holdMedian,
        stopLossBps: f.stopLossBps,
      }),
    );
  }

  // Stories.
  d.stories.forEach((s, i) => {
    if ('attack' in s) {
      const a = s.attack;
      const at = storyStart + (a.at);
      const victims = ids[`victims-${i}`]!;
      const attackers = ids[`attackers-${i}`]!;
      fund(victims, a.victimBalances);
      const roster: VictimRoster = { accounts: victims, keys: new Map() };
      const leak = a.keys === 'platform-leak' ? platform(a.platform!) : null;
      const models = a.models ?? d.models;
      sim.addAgent(
        new Victims(`victims-${i}`, {
          roster,
          symbols: m.majors.map((c) => `${c.asset}/${quote}`),
          tradesPerDay: a.victimTradesPerDay,
          tradeFraction: 0.05,
          platform: leak,
          activeKeyShare: a.activeKeyShare,
          platformTradesPerDay: 1,
          quietFrom: at - 60_000,
        }),
      );
      // Size the ladder against what the victims can spend (quote + majors at their prices).
      const victimQuote = (quoteUnits((a.victimBalances).quote, 'quote') +
        m.majors.reduce((sum, c) => sum + majorValue(c, (a.victimBalances).majors, m.quote.decimals), 0)) *
        victims.length;
      const meanMultiple = ladderMeanMultiple(a.fromMultiple, a.toMultiple);
      const ladderValue = victimQuote * (a.ladderCover);
      const coinLots = Math.ceil(ladderValue / (coinPrice * meanMultiple * coinInfo.quoteUnitsPerTickLot) / attackers.length);
      // The attacker's own machines look like anyone's: same generators as the population.
      const identity = streamFor(seed, 'scenario', 'attacker', i);
      const ips = Array.from({ length: 3 }, () => homeIp(identity));
      const devices = Array.from({ length: 2 }, () => deviceId(identity));
      const decoy = a.decoy;
      sim.addAgent(
        new Attacker(`attacker-${i}`, {
          symbol: coinSymbol,
          incident: { id: a.id, models },
          accounts: attackers,
          roster,
          keySource: a.keys,
          platform: leak,
          ips,
          devices,
          prepAt: Math.max(0, at - (a.keysLead)),
          prepSpreadMs: Math.min(a.keysLead, 6 * 3_600_000),
          coinDepositAt: Math.max(0, at - (a.depositLead)),
          coinPerAccount: coinLots * coinInfo.baseUnitsPerLot,
          depositAddresses: 2,
          asksAt: Math.max(0, at - (a.asksLead)),
          fromMultiple: a.fromMultiple,
          toMultiple: a.toMultiple,
          levelsPerAccount: a.levelsPerAttacker,
          attackAt: at,
          windowMs: a.window,
          liquidate: a.liquidate ? m.majors.map((c) => `${c.asset}/${quote}`) : [],
          buy: a.buy,
          limitSlippageBps: a.limitSlippageBps,
          spendFraction: a.spendFraction,
          rounds: a.rounds,
          roundGapMs: a.roundGap,
          gapMedianMs: a.gap,
          gapSigma: a.gapSigma,
          decoy: decoy
            ? {
                at: Math.max(0, at - (decoy.lead)),
                amount: quoteUnits(decoy.deposit, 'decoy.deposit'),
                spendFraction: decoy.spendFraction,
                chunks: decoy.chunks,
                durationMs: decoy.duration,
              }
            : null,
        }),
      );
      sim.addAgent(
        new CashOut(`cash-out-${i}`, {
          symbol: coinSymbol,
          incident: { id: a.id, models },
          accounts: attackers,
          ips,
          devices,
          addresses: [`ext-out-${i}-a`, `ext-out-${i}-b`],
          watchFrom: at - (decoy ? (decoy.lead) : 0),
          withdrawDelayMs: a.withdrawDelay,
          minWithdrawal: Math.max(1, coinInfo.minNotional),
          endAt: at + a.window + (a.rounds - 1) * a.roundGap * 1.5 + 5 * 60_000,
          // A refused request is tried again after 1, 2, 4 and 8 minutes, then given up.
          retryDelayMs: 60_000,
          maxRetries: 4,
        }),
      );
    } else if ('organic' in s) {
      const o = s.organic;
      sim.addAgent(
        new Whale(`whale-${i}`, {
          ...MARKET_DEFAULTS.whale,
          symbol: coinSymbol,
          account: ids[`whale-${i}`]![0]!,
          incident: { id: o.id, models: o.models ?? d.models },
          depositAt: storyStart + (o.at),
          depositAmount: quoteUnits(o.deposit, 'deposit'),
          spendFraction: o.spendFraction,
          buyDuration: o.buyDuration,
          chunks: o.chunks,
          style: o.style,
          maxSlippageBps: o.maxSlippageBps,
          holdMs: o.hold === undefined ? null : (o.hold),
          sellFraction: o.sellFraction,
          sellDuration: o.sellDuration,
        }),
      );
    } else {
      const c = s.copyTrading;
      const leader = ids[`leader-${i}`]![0]!;
      open(leader, quote, quoteUnits(c.leaderBalance, 'leaderBalance'), `w-${leader}`);
      fund(ids[`copiers-${i}`]!, c.copierBalances);
      sim.addAgent(
        new CopyTrading(`copy-trading-${i}`, {
          ...MARKET_DEFAULTS.copyTrading,
          symbol: coinSymbol,
          incident: { id: c.id, models: c.models ?? d.models },
          leader,
          copiers: ids[`copiers-${i}`]!,
          platform: platform(c.platform),
          signalAt: storyStart + (c.at),
          copyFraction: c.copyFraction,
          leaderFraction: c.leaderFraction,
          warmupSymbol: m.majors.length > 0 ? `${m.majors[0]!.asset}/${quote}` : null,
          dailyTrades: c.dailyTrades,
          exitAfterMs: c.exitAfter === undefined ? null : (c.exitAfter),
        }),
      );
    }
  });

  return { sim, scenario, drawn: d, seed, storyStart, endTime, coinSymbol };
}

/** Opening balances: quote and majors log-normal around the medians; some accounts hold the coin. */
function fundAccount(
  ex: Simulation['exchange'],
  account: AccountId,
  spec: BalancesSpec,
  coin: CoinSpec,
  majors: CoinSpec[],
  quote: string,
  quoteDecimals: number,
  rng: RandomStream,
): void {
  const spread = (median: number) => Math.max(1, Math.round(median * rng.logNormal(0, 0.8)));
  const open = (asset: string, amount: number) => {
    const r = ex.deposit(account, asset, amount, `w-${account}`, true);
    if (typeof r === 'string') throw new Error(`opening balance of ${amount} ${asset} for account ${account} refused: ${r}`);
  };
  open(quote, spread(toUnits(spec.quote, quoteDecimals, 'quote')));
  for (const c of majors) open(c.asset, spread(toUnits(spec.majors, c.decimals, 'majors')));
  if (rng.chance(spec.coinHolders)) {
    // Coin worth about a tenth of the quote balance.
    const value = toUnits(spec.quote, quoteDecimals, 'quote') / 10;
    const units = Math.round((value / Number(coin.price)) * 10 ** (coin.decimals - quoteDecimals));
    if (units > 0) open(coin.asset, spread(units));
  }
}

/** Quote units that `amount` of a major is worth at its listed price. */
function majorValue(c: CoinSpec, amount: string, quoteDecimals: number): number {
  return Math.round(Number(amount) * Number(c.price) * 10 ** quoteDecimals);
}

/** Mean of a log-spaced ladder's multiples from `from` to `to` (continuous approximation). */
function ladderMeanMultiple(from: number, to: number): number {
  if (to <= from) return from;
  return (to - from) / Math.log(to / from);
}

const geometric = (g: number, n: number) => (g === 1 ? n : (Math.pow(g, n) - 1) / (g - 1));
