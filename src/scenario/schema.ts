/**
 * The scenario file: one story per file, strict (an unknown key is an error),
 * with defaults taken from the real episodes in CALIBRATION.md. Any number,
 * duration or decimal marked "drawn" may be written as a constant or as a
 * distribution (`{ uniform: [a, b] }`, `{ logUniform: [a, b] }`,
 * `{ normal: { mean, sd } }`, `{ choice: [...] }`), drawn once per seed, so a
 * sweep over seeds is a sweep over plausible markets.
 *
 * Times inside `stories` are offsets from the start of the story window,
 * which opens when the warm-up ends.
 */
import { z } from 'zod';
import { dist } from './dist-field.js';
import { bps, decimal, duration, nonNegativeInt, positiveInt, probability } from './fields.js';

const num = (schema: z.ZodNumber = z.number()) => dist(schema, 'number');
const int = () => dist(positiveInt(), 'int');
const dur = () => dist(duration(), 'duration');
const dec = () => dist(decimal(), 'decimal');
const ratio = () => dist(probability(), 'number');
const assetCode = z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'an asset code: 2 to 10 capitals or digits, e.g. BTC');

const quoteAsset = z
  .strictObject({
    asset: assetCode,
    decimals: nonNegativeInt().prefault(8),
    /** How long a deposit takes to be credited. */
    confirmation: duration().prefault('10m'),
    /** How long a withdrawal request waits before it is processed (the window to stop it). */
    withdrawalDelay: duration().prefault('5m'),
  })
  .describe('The quote coin everything is priced in (BTC in the 2018 episodes).');

const listedCoin = z.strictObject({
  asset: assetCode,
  decimals: nonNegativeInt().prefault(8),
  /** Price in the quote coin at the start (drawn). */
  price: dec(),
  tickSize: decimal(),
  lotSize: decimal(),
  /** Smallest order value, in the quote coin. */
  minNotional: decimal({ allowZero: true }).prefault('0.0001'),
});

const maker = z
  .strictObject({
    halfSpreadBps: num().prefault(60),
    levels: positiveInt().prefault(8),
    levelStepBps: num().prefault(150),
    /** Value of the first level in the quote coin (drawn); deeper levels grow by depthGrowth. */
    levelValue: dec(),
    depthGrowth: num().prefault(1.3),
    /** 0..1: how far the maker's reference moves toward each trade. */
    followWeight: ratio().prefault(0.3),
    /** How fast the reference drifts back to fair value (drawn). */
    reversionHalfLife: dur().prefault('20m'),
    inventorySkewBps: num().prefault(5),
    volWidening: num().prefault(1),
    refresh: dur().prefault('5s'),
  })
  .describe("A market maker's quoting: thin for the coin, deep for the majors.");

const noise = z.strictObject({
  accounts: positiveInt().prefault(30),
  /** Order arrivals per day on the coin (drawn); small caps trade ~1,300 times a day. */
  ordersPerDay: num().prefault(1600),
  marketShare: ratio().prefault(0.5),
  /** Median order value in the quote coin (drawn). */
  orderValue: dec().prefault('0.005'),
  limitOffsetBps: num().prefault(80),
  limitLifetime: dur().prefault('10m'),
});

const balances = z
  .strictObject({
    /** Median quote-coin balance per account (drawn); per account log-normal around it. */
    quote: dec(),
    /** Median holding of each major, in that major's own units (drawn). */
    majors: dec().prefault('1'),
    /** Share of accounts that also hold some of the coin. */
    coinHolders: ratio().prefault(0.2),
  })
  .describe('Opening balances of a population.');

const population = z.strictObject({
  accounts: int().prefault(300),
  tradesPerDay: num().prefault(3),
  /** Share of accounts with a key held by one of the platforms (bots, DCA, copy trading). */
  platformShare: ratio().prefault(0.3),
  /** Share of the platform keys the platform never uses. */
  dormantKeyShare: ratio().prefault(0.3),
  /** Weight of the coin among the symbols the population trades (majors share the rest). */
  coinWeight: num().prefault(0.1),
  balances: balances.prefault({ quote: '0.5' }),
});

const followers = z
  .strictObject({
    accounts: int().prefault(150),
    balances: balances.prefault({ quote: '0.3' }),
    /** Looks at the coin per day without excitation (drawn). */
    baseRatePerDay: num().prefault(400),
    /** Multiplier on the calibrated Hawkes jump (1.18/s, decay 1.79/s). */
    excitation: num().prefault(1),
    entryReturnBps: num().prefault(800),
    lookback: dur().prefault('3m'),
    reactMedian: dur().prefault('8s'),
    buyFraction: ratio().prefault(0.3),
    holdMedian: dur().prefault('12m'),
    stopLossBps: num().prefault(800),
  })
  .describe('Honest momentum followers (herding) who pile into a rising coin with their own funds via web/app.');

const platform = z.strictObject({
  name: z.string().min(1),
  /** How many server IPs its orders come from. */
  serverIps: positiveInt().prefault(4),
});

const attack = z
  .strictObject({
    id: z.string().prefault('attack'),
    /** The episode this attack stands for. */
    models: z.string().optional(),
    /** When the victims start being driven (drawn, from the window start). */
    at: dur(),
    /** Spread of the victims' start times. */
    window: dur().prefault('2m'),
    keys: z.enum(['phished', 'platform-leak']).prefault('phished'),
    /** Platform-leak: which platform's keys leaked (a name from `platforms`). */
    platform: z.string().optional(),
    /** Phished: how long before `at` the keys are obtained. */
    keysLead: dur().prefault('1d'),
    victims: int().prefault(30),
    victimBalances: balances.prefault({ quote: '0.4', majors: '3' }),
    /** Victims trade this much per day before the attack, by hand. */
    victimTradesPerDay: num().prefault(0.5),
    /** Platform-leak: share of the leaked keys the platform was actively using. */
    activeKeyShare: ratio().prefault(0.2),
    attackers: int().prefault(31),
    /** Ladder value / the victims' buying power: above 1 the ladder is not exhausted. */
    ladderCover: num().prefault(3),
    /** Asks go up this long before `at`, from `fromMultiple` to `toMultiple` x the best ask. */
    asksLead: dur().prefault('15m'),
    fromMultiple: num().prefault(3),
    toMultiple: num().prefault(80),
    levelsPerAttacker: positiveInt().prefault(3),
    /** The coin reaches the attackers' accounts this long before `at`. */
    depositLead: dur().prefault('6h'),
    /** Make the victims sell their majors first. */
    liquidate: z.boolean().prefault(true),
    buy: z.enum(['market', 'limit']).prefault('market'),
    /** Limit buys: how far through the best ask each IOC buy is priced (bps). */
    limitSlippageBps: num().prefault(300),
    spendFraction: ratio().prefault(1),
    rounds: int().prefault(1),
    roundGap: dur().prefault('10m'),
    /** Pause between a victim's sells and its buy (median; log-normal). */
    gap: dur().prefault('1500ms'),
    gapSigma: num().prefault(0.5),
    /** Pause between proceeds arriving and the withdrawal request. */
    withdrawDelay: dur().prefault('0s'),
    /** Mimic: the attacker first deposits quote and buys a little, like a whale. */
    decoy: z
      .strictObject({
        deposit: dec(),
        spendFraction: ratio().prefault(0.6),
        chunks: positiveInt().prefault(5),
        duration: dur().prefault('4m'),
        lead: dur().prefault('20m'),
      })
      .optional(),
  })
  .describe('Stolen API keys make victim accounts buy the coin into asks the attacker placed in advance; the attacker withdraws.');

const organic = z
  .strictObject({
    id: z.string().prefault('organic'),
    models: z.string().optional(),
    /** When the whale's deposit is seen on chain (drawn). */
    at: dur(),
    /** Quote-coin deposit (drawn). */
    deposit: dec(),
    spendFraction: ratio().prefault(0.8),
    chunks: int().prefault(12),
    buyDuration: dur().prefault('6m'),
    style: z.enum(['market', 'limit']).prefault('market'),
    maxSlippageBps: num().prefault(300),
    /** Take profit this long after the last buy; omit to hold. */
    hold: dur().optional(),
    sellFraction: ratio().prefault(0.6),
    sellDuration: dur().prefault('10m'),
  })
  .describe('A whale deposits and buys the coin; the followers of `market.followers` may pile in.');

const copyTrading = z
  .strictObject({
    id: z.string().prefault('copy-trading'),
    models: z.string().optional(),
    at: dur(),
    platform: z.string(),
    copiers: int().prefault(60),
    copierBalances: balances.prefault({ quote: '0.3' }),
    copyFraction: ratio().prefault(0.1),
    leaderBalance: dec().prefault('2'),
    leaderFraction: ratio().prefault(0.3),
    dailyTrades: num().prefault(2),
    exitAfter: dur().optional(),
  })
  .describe("Honest copiers on one platform buy the lead trader's coin within seconds: a hard negative.");

const story = z.union([
  z.strictObject({ attack }),
  z.strictObject({ organic }),
  z.strictObject({ copyTrading }),
]);

export const scenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a name in kebab-case, e.g. compromised-key-pump'),
    description: z.string(),
    /** The real episode the scenario models, and what it takes from it (CALIBRATION.md). */
    models: z.string(),
    seed: nonNegativeInt().prefault(1),
    /** History before the story window: gives accounts and keys a past. */
    warmup: duration().prefault('2d'),
    duration: duration({ positive: true }),
    market: z.strictObject({
      quote: quoteAsset,
      coin: listedCoin,
      majors: z.array(listedCoin).prefault([]),
      fees: z.strictObject({ makerBps: bps().prefault(10), takerBps: bps().prefault(10) }).prefault({}),
      coinMaker: maker,
      majorMaker: maker.prefault({ halfSpreadBps: 5, levelStepBps: 5, levelValue: '2', depthGrowth: 1.1, followWeight: 0.2 }),
      noise: noise.prefault({}),
      followers: followers.optional(),
      marketDataDelay: duration().prefault('20ms'),
      /** How long a trade stays reversible (the exchange keeps what it needs to bust it that long). */
      reversalWindow: duration().prefault('6h'),
    }),
    population: population.prefault({}),
    platforms: z.array(platform).prefault([]),
    stories: z.array(story).prefault([]),
  })
  .superRefine(
    (sc, ctx) => {
      // References between sections: platforms named by stories must exist; story ids are unique.
      // Runs even when other fields are invalid (so every problem is reported at once), hence the guards.
      const raw = sc as unknown as { platforms?: unknown; stories?: unknown };
      const platforms = new Set(
        (Array.isArray(raw.platforms) ? raw.platforms : []).map((p) => (p as { name?: unknown })?.name).filter((n) => typeof n === 'string'),
      );
      const ids = new Set<string>();
      (Array.isArray(raw.stories) ? raw.stories : []).forEach((s, i) => {
        if (typeof s !== 'object' || s === null) return;
        const entry = Object.entries(s)[0] as [string, unknown] | undefined;
        if (entry === undefined || typeof entry[1] !== 'object' || entry[1] === null) return;
        const [kind, body] = entry as [string, { id?: unknown; platform?: unknown; keys?: unknown }];
        const id = typeof body.id === 'string' ? body.id : kind === 'copyTrading' ? 'copy-trading' : kind;
        if (ids.has(id)) ctx.addIssue({ code: 'custom', path: ['stories', i, kind], message: `story id "${id}" is used twice; give one an \`id\`` });
        ids.add(id);
        if (kind === 'attack' && body.keys === 'platform-leak' && body.platform === undefined) {
          ctx.addIssue({ code: 'custom', path: ['stories', i, kind, 'keys'], message: 'platform-leak needs `platform`: the platform whose keys leaked' });
        }
        if (typeof body.platform === 'string' && !platforms.has(body.platform)) {
          ctx.addIssue({
            code: 'custom',
            path: ['stories', i, kind, 'platform'],
            message: `no platform "${body.platform}" in \`platforms\` (${[...platforms].map((p) => `"${p}"`).join(', ') || 'none listed'})`,
          });
        }
      });
    },
    { when: () => true },
  )
  .describe('A surveil scenario: one story of a market, simulated event by event.');

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type AttackStory = z.output<typeof attack>;
export type OrganicStory = z.output<typeof organic>;
export type CopyTradingStory = z.output<typeof copyTrading>;
export type MakerSpec = z.output<typeof maker>;
export type BalancesSpec = z.output<typeof balances>;
export type CoinSpec = z.output<typeof listedCoin>;
