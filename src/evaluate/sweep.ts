/**
 * Threshold sweeps: how well a score separates positives from negatives when
 * everything scoring at least a threshold is flagged.
 *
 * Items are `{ positive, score }`; a `null` score means "never flagged at any
 * threshold" (ranked below every number, tied with other nulls). Thresholds
 * are the distinct non-null scores, descending; a point at threshold θ
 * flags every item with score ≥ θ, so tied items enter together. The first
 * point, threshold `null`, flags nothing (the ROC origin).
 *
 * - TPR = recall = TP / P; FPR = FP / N; precision = TP / (TP + FP)
 *   (null when its denominator is 0). P, N = counts of positive and negative
 *   items, null scores included.
 * - **ROC AUC**: trapezoid area under (FPR, TPR) through the points, closed at
 *   (1, 1). Because tied scores form one point, this equals the Mann–Whitney
 *   statistic U / (P·N) = P(score⁺ > score⁻) + ½·P(score⁺ = score⁻) over all
 *   positive–negative pairs (null = −∞). Computed in integer counts, divided
 *   once. Perfect separation 1, reversed 0, all tied 0.5; null when P or N is 0.
 * - **PR AUC** = average precision, AP = Σ_k (R_k − R_{k−1}) · P_k over the
 *   thresholds (step-wise, no interpolation, as scikit-learn's
 *   `average_precision_score`); never-flagged positives add no recall, so
 *   they lower AP. null when P is 0.
 */

export interface ScoredItem {
  positive: boolean;
  score: number | null;
}

export interface SweepPoint {
  /** Items scoring ≥ this are flagged; null: nothing flagged. */
  threshold: number | null;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  tpr: number | null;
  fpr: number | null;
  precision: number | null;
}

export interface Separability {
  positives: number;
  negatives: number;
  rocAuc: number | null;
  prAuc: number | null;
  points: SweepPoint[];
}

/** The sweep points, origin first, then one per distinct score, descending. */
export function sweepPoints(items: readonly ScoredItem[]): SweepPoint[] {
  let P = 0;
  for (const it of items) if (it.positive) P += 1;
  const N = items.length - P;
  const scored = items.filter((it): it is { positive: boolean; score: number } => it.score !== null);
  for (const it of scored) if (!Number.isFinite(it.score)) throw new RangeError(`scores must be finite or null, got ${it.score}`);
  scored.sort((a, b) => b.score - a.score);
  const point = (threshold: number | null, tp: number, fp: number): SweepPoint => ({
    threshold,
    tp,
    fp,
    fn: P - tp,
    tn: N - fp,
    tpr: P === 0 ? null : tp / P,
    fpr: N === 0 ? null : fp / N,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
  });
  const points = [point(null, 0, 0)];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < scored.length; ) {
    const s = scored[k]!.score;
    while (k < scored.length && scored[k]!.score === s) {
      if (scored[k]!.positive) tp += 1;
      else fp += 1;
      k += 1;
    }
    points.push(point(s, tp, fp));
  }
  return points;
}

function aucFromPoints(points: readonly SweepPoint[], P: number, N: number): number | null {
  if (P === 0 || N === 0) return null;
  // Twice the area in units of one (1/N × 1/P) cell, exact in integers.
  let twice = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (const p of points) {
    twice += (p.fp - prevFp) * (p.tp + prevTp);
    prevTp = p.tp;
    prevFp = p.fp;
  }
  twice += (N - prevFp) * (P + prevTp); // close at (1, 1): the never-flagged items, tied
  return twice / (2 * P * N);
}

function apFromPoints(points: readonly SweepPoint[], P: number): number | null {
  if (P === 0) return null;
  let ap = 0;
  let prevTp = 0;
  for (const p of points) {
    if (p.tp > prevTp) ap += ((p.tp - prevTp) / P) * (p.tp / (p.tp + p.fp));
    prevTp = p.tp;
  }
  return ap;
}

/** ROC AUC (= Mann–Whitney U / (P·N), ties ½); null when either class is empty. */
export function rocAuc(items: readonly ScoredItem[]): number | null {
  const P = items.filter((i) => i.positive).length;
  return aucFromPoints(sweepPoints(items), P, items.length - P);
}

/** PR AUC as average precision; null when there is no positive. */
export function averagePrecision(items: readonly ScoredItem[]): number | null {
  return apFromPoints(sweepPoints(items), items.filter((i) => i.positive).length);
}

/** Points, ROC AUC and PR AUC in one pass. */
export function separability(items: readonly ScoredItem[]): Separability {
  const P = items.filter((i) => i.positive).length;
  const N = items.length - P;
  const points = sweepPoints(items);
  return { positives: P, negatives: N, rocAuc: aucFromPoints(points, P, N), prAuc: apFromPoints(points, P), points };
}

/** One run's label and its rules' run scores (metrics.ts `runScore`). */
export interface RunScores {
  /** The run holds an attack incident (roles.ts `isAttackRun`). */
  attack: boolean;
  /** Run score per rule; a rule missing here scored 0 (it raised nothing). */
  scores: Readonly<Record<string, number>>;
}

export interface RuleSeparability extends Separability {
  rule: string;
}

/**
 * Run-level separability for each rule, in the order given: attack runs are
 * the positives, each run's item score is the rule's run score.
 */
export function separabilityByRule(runs: readonly RunScores[], rules: readonly string[]): RuleSeparability[] {
  return rules.map((rule) => {
    const s = separability(runs.map((r) => ({ positive: r.attack, score: r.scores[rule] ?? 0 })));
    return { rule, positives: s.positives, negatives: s.negatives, rocAuc: s.rocAuc, prAuc: s.prAuc, points: s.points };
  });
}

/** One account for the account-level sweep (metrics.ts `accountScores`). */
export interface AccountItem {
  /** Attacker or victim (should be named), else honest. */
  target: boolean;
  /** Best score of an alert naming it; null when never named. */
  score: number | null;
}

export interface AccountSweepPoint {
  threshold: number | null;
  /** Targets named by an alert scoring ≥ threshold. */
  targetsNamed: number;
  /** Honest accounts named by an alert scoring ≥ threshold. */
  honestNamed: number;
  targets: number;
  /** targetsNamed / (targetsNamed + honestNamed); null when nobody is named. */
  precision: number | null;
  /** targetsNamed / targets; null when there is no target. */
  recall: number | null;
}

/**
 * Account-level sweep over accounts pooled from any number of runs: at each
 * threshold, precision and recall of naming attackers and victims against
 * naming honest accounts. Same thresholds as {@link sweepPoints}.
 */
export function accountSweep(items: readonly AccountItem[]): AccountSweepPoint[] {
  return sweepPoints(items.map((i) => ({ positive: i.target, score: i.score }))).map((p) => ({
    threshold: p.threshold,
    targetsNamed: p.tp,
    honestNamed: p.fp,
    targets: p.tp + p.fn,
    precision: p.precision,
    recall: p.tpr,
  }));
}
