/**
 * Held-out figures on the real pump data: for each of n random splits by coin
 * (coin-split.ts), choose one parameter set of a rule's grid on the train half
 * by an explicit objective, then score it on the test half. The figures
 * reported are the test-half ones, never the train ones.
 *
 * Objective (on the train half): the most visible pumps caught, subject to at
 * most `maxFaPerDay` false alarms per market-day on the negatives excluding
 * screened spikes; ties go to fewer false alarms, then to the shorter median
 * delay, then to the grid order. When no parameter set meets the bound, the
 * one with the fewest false alarms is taken (and the split says so).
 *
 * Across splits each figure is summarised by its mean and the 2.5 and 97.5
 * percentiles of the split values: the spread of held-out outcomes. Splits
 * share coins, so this is not a confidence interval of independent samples;
 * each split's own test interval (Wilson, Poisson) is in the split rows.
 */
import { percentile, pumpFigures, type PumpFigures, type ScoredCases } from './pump-figures.js';
import { coinSplits } from './coin-split.js';

export interface GridEntry {
  /** The rule (family) the entry belongs to, e.g. `rush-orders`. */
  rule: string;
  /** A short label of the parameter set, unique within the rule. */
  label: string;
  /** Parameters as given to the rule (defaults fill the rest). */
  params: Record<string, unknown>;
  scored: ScoredCases;
}

export interface Objective {
  maxFaPerDay: number;
  /** Recall a split's test half must reach to count as meeting the target (default 0.9). */
  targetRecall?: number;
}

/** Delay targets of issue 7 on held-out events: median ≤ 20 s, 90th percentile ≤ 60 s. */
export const TARGET_DELAY_MEDIAN_MS = 20_000;
export const TARGET_DELAY_P90_MS = 60_000;

export interface SplitOutcome {
  index: number;
  trainCoins: number;
  testCoins: number;
  chosen: string;
  /** False when no grid entry met the objective's bound on train. */
  feasible: boolean;
  train: { recall: number | null; faPerDay: number | null };
  test: PumpFigures;
}

export interface Spread {
  n: number;
  mean: number | null;
  low: number | null;
  high: number | null;
}

export interface HeldOut {
  rule: string;
  splits: SplitOutcome[];
  chosenCounts: Record<string, number>;
  recall: Spread;
  delayMedianMs: Spread;
  delayP90Ms: Spread;
  faPerDay: Spread;
  faPerDayRaw: Spread;
  prePumpFaPerDay: Spread;
  /** Splits whose test half met the target recall, the delay targets and ≤ objective FA/day. */
  splitsMeetingTarget: number;
}

export function spread(values: readonly (number | null)[]): Spread {
  const xs = values.filter((x): x is number => x !== null);
  if (xs.length === 0) return { n: 0, mean: null, low: null, high: null };
  return { n: xs.length, mean: xs.reduce((a, b) => a + b, 0) / xs.length, low: percentile(xs, 0.025), high: percentile(xs, 0.975) };
}

/** The entry the objective picks on `coins` (see the file header); returns it with its train figures. */
export function chooseEntry(entries: readonly GridEntry[], coins: ReadonlySet<string>, objective: Objective): { entry: GridEntry; figures: PumpFigures; feasible: boolean } {
  if (entries.length === 0) throw new RangeError('chooseEntry needs at least one grid entry');
  const scored = entries.map((entry) => ({ entry, figures: pumpFigures(entry.scored, coins, { resamples: 0 }) }));
  const fa = (f: PumpFigures) => f.negatives.excludingScreened.rate ?? 0;
  const feasible = scored.filter((s) => fa(s.figures) <= objective.maxFaPerDay);
  const pool = feasible.length > 0 ? feasible : scored;
  let best = pool[0]!;
  for (const s of pool.slice(1)) {
    const a = s.figures;
    const b = best.figures;
    if (feasible.length === 0) {
      if (fa(a) < fa(b)) best = s;
      continue;
    }
    const ra = a.recall.rate ?? 0;
    const rb = b.recall.rate ?? 0;
    if (ra > rb || (ra === rb && (fa(a) < fa(b) || (fa(a) === fa(b) && (a.delay.medianMs ?? Infinity) < (b.delay.medianMs ?? Infinity))))) best = s;
  }
  return { ...best, feasible: feasible.length > 0 };
}

/** Held-out figures of one rule's grid over `n` seeded splits by coin. */
export function heldOut(entries: readonly GridEntry[], seed: number, n: number, objective: Objective): HeldOut {
  const rule = entries[0]?.rule ?? '';
  const first = entries[0]!.scored;
  const coins = [...new Set([...first.events.map((e) => e.coin), ...first.negatives.map((x) => x.coin)])];
  const splits: SplitOutcome[] = coinSplits(coins, seed, n).map((sp) => {
    const pick = chooseEntry(entries, new Set(sp.train), objective);
    const test = pumpFigures(pick.entry.scored, new Set(sp.test), { seed, path: [rule, 'split', sp.index], resamples: 0 });
    return {
      index: sp.index,
      trainCoins: sp.train.length,
      testCoins: sp.test.length,
      chosen: pick.entry.label,
      feasible: pick.feasible,
      train: { recall: pick.figures.recall.rate, faPerDay: pick.figures.negatives.excludingScreened.rate },
      test,
    };
  });
  const chosenCounts: Record<string, number> = {};
  for (const s of splits) chosenCounts[s.chosen] = (chosenCounts[s.chosen] ?? 0) + 1;
  return {
    rule,
    splits,
    chosenCounts,
    recall: spread(splits.map((s) => s.test.recall.rate)),
    delayMedianMs: spread(splits.map((s) => s.test.delay.medianMs)),
    delayP90Ms: spread(splits.map((s) => s.test.delay.p90Ms)),
    faPerDay: spread(splits.map((s) => s.test.negatives.excludingScreened.rate)),
    faPerDayRaw: spread(splits.map((s) => s.test.negatives.raw.rate)),
    prePumpFaPerDay: spread(splits.map((s) => s.test.prePump.rate)),
    splitsMeetingTarget: splits.filter(
      (s) =>
        (s.test.recall.rate ?? 0) >= (objective.targetRecall ?? 0.9) &&
        (s.test.delay.medianMs ?? Infinity) <= TARGET_DELAY_MEDIAN_MS &&
        (s.test.delay.p90Ms ?? Infinity) <= TARGET_DELAY_P90_MS &&
        (s.test.negatives.excludingScreened.rate ?? Infinity) <= objective.maxFaPerDay,
    ).length,
  };
}
