import fc from 'fast-check';
import { wilcoxonRankSum } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { accountScores } from '../../src/evaluate/metrics.js';
import { accountSweep, averagePrecision, rocAuc, separability, separabilityByRule, sweepPoints, type RunScores, type ScoredItem } from '../../src/evaluate/sweep.js';
import { ALERTS, TRUTH } from './fixtures.js';

const items = (pos: (number | null)[], neg: (number | null)[]): ScoredItem[] => [
  ...pos.map((score) => ({ positive: true, score })),
  ...neg.map((score) => ({ positive: false, score })),
];

/** Mann–Whitney by brute force over all pairs: (2·wins + ties) / (2·P·N), null = −∞. */
function bruteAuc(xs: ScoredItem[]): number | null {
  const pos = xs.filter((x) => x.positive).map((x) => x.score ?? -Infinity);
  const neg = xs.filter((x) => !x.positive).map((x) => x.score ?? -Infinity);
  if (pos.length === 0 || neg.length === 0) return null;
  let twice = 0;
  for (const p of pos) for (const n of neg) twice += p > n ? 2 : p === n ? 1 : 0;
  return twice / (2 * pos.length * neg.length);
}

describe('ROC AUC', () => {
  it('perfect separation 1, reversed 0, all ties 0.5', () => {
    expect(rocAuc(items([0.9, 0.8], [0.1, 0.2]))).toBe(1);
    expect(rocAuc(items([0.1, 0.2], [0.9, 0.8]))).toBe(0);
    expect(rocAuc(items([0.5, 0.5, 0.5], [0.5, 0.5]))).toBe(0.5);
    expect(rocAuc(items([0, 0], [0]))).toBe(0.5); // runs without alerts all score 0
  });

  it('hand-computed with ties: pos {.9, .5, .5}, neg {.5, .1} → 5/6', () => {
    // Pairs: .9>.5, .9>.1, .5=.5 (½) twice, .5>.1 twice → 5 of 6.
    expect(rocAuc(items([0.9, 0.5, 0.5], [0.5, 0.1]))).toBe(5 / 6);
  });

  it('null scores rank below every number and tie with each other', () => {
    // Pairs: .9 > null, null = null (½) → 1.5 / 2.
    expect(rocAuc(items([0.9, null], [null]))).toBe(0.75);
  });

  it('null when a class is empty', () => {
    expect(rocAuc(items([0.4], []))).toBeNull();
    expect(rocAuc(items([], [0.4]))).toBeNull();
    expect(rocAuc([])).toBeNull();
  });

  it('equals Mann–Whitney over all pairs (property, many ties)', () => {
    const score = fc.option(fc.integer({ min: 0, max: 4 }).map((k) => k / 4), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.record({ positive: fc.boolean(), score }), { maxLength: 30 }), (xs) => {
        expect(rocAuc(xs)).toBe(bruteAuc(xs));
      }),
    );
  });

  it('agrees with the Wilcoxon rank sum of simple-statistics: AUC = (W − P(P+1)/2) / (P·N)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 20 }),
        (pos, neg) => {
          const P = pos.length;
          const w = wilcoxonRankSum(pos, neg);
          expect(rocAuc(items(pos, neg))).toBeCloseTo((w - (P * (P + 1)) / 2) / (P * neg.length), 12);
        },
      ),
    );
  });
});

describe('average precision (PR AUC)', () => {
  it('perfect 1; reversed and hand-computed values', () => {
    expect(averagePrecision(items([0.9, 0.8], [0.1, 0.2]))).toBe(1);
    // Reversed: at .2 TP 1 of 3 flagged (R ½), at .1 TP 2 of 4 (R 1): ½·⅓ + ½·½.
    expect(averagePrecision(items([0.1, 0.2], [0.9, 0.8]))).toBeCloseTo(1 / 6 + 1 / 4, 15);
    // pos {.9,.5,.5}, neg {.5,.1}: at .9 P=1, ΔR ⅓; at .5 P=¾, ΔR ⅔ → ⅓ + ½.
    expect(averagePrecision(items([0.9, 0.5, 0.5], [0.5, 0.1]))).toBeCloseTo(5 / 6, 15);
  });

  it('all ties: the share of positives', () => {
    expect(averagePrecision(items([0.5, 0.5], [0.5, 0.5, 0.5]))).toBeCloseTo(0.4, 15);
  });

  it('never-flagged positives add no recall', () => {
    expect(averagePrecision(items([0.9, null], [null]))).toBe(0.5);
  });

  it('null without positives; 0 when no positive is ever flagged', () => {
    expect(averagePrecision(items([], [0.3]))).toBeNull();
    expect(averagePrecision(items([null], [0.3]))).toBe(0);
  });
});

describe('sweepPoints and separability', () => {
  it('origin first, then one point per distinct score, descending', () => {
    expect(sweepPoints(items([0.9, 0.5, 0.5], [0.5, 0.1]))).toEqual([
      { threshold: null, tp: 0, fp: 0, fn: 3, tn: 2, tpr: 0, fpr: 0, precision: null },
      { threshold: 0.9, tp: 1, fp: 0, fn: 2, tn: 2, tpr: 1 / 3, fpr: 0, precision: 1 },
      { threshold: 0.5, tp: 3, fp: 1, fn: 0, tn: 1, tpr: 1, fpr: 0.5, precision: 0.75 },
      { threshold: 0.1, tp: 3, fp: 2, fn: 0, tn: 0, tpr: 1, fpr: 1, precision: 0.6 },
    ]);
  });

  it('rejects non-finite scores', () => {
    expect(() => sweepPoints(items([Number.NaN], []))).toThrow(RangeError);
  });

  it('separability bundles counts, AUCs and points in a fixed key order', () => {
    const s = separability(items([0.9], [0.1]));
    expect(Object.keys(s)).toEqual(['positives', 'negatives', 'rocAuc', 'prAuc', 'points']);
    expect([s.positives, s.negatives, s.rocAuc, s.prAuc]).toEqual([1, 1, 1, 1]);
  });

  it('separabilityByRule: attack runs are positives; a missing rule scored 0', () => {
    const runs: RunScores[] = [
      { attack: true, scores: { a: 0.9, b: 0.2 } },
      { attack: true, scores: { a: 0.8 } },
      { attack: false, scores: { a: 0.3, b: 0.7 } },
      { attack: false, scores: { a: 0.1, b: 0.6 } },
    ];
    const [a, b] = separabilityByRule(runs, ['a', 'b']);
    expect([a!.rule, a!.rocAuc, a!.prAuc]).toEqual(['a', 1, 1]);
    expect([b!.rule, b!.rocAuc]).toEqual(['b', 0]); // attack runs scored .2 and 0, organic .7 and .6
    expect(Object.keys(a!)).toEqual(['rule', 'positives', 'negatives', 'rocAuc', 'prAuc', 'points']);
  });
});

describe('accountSweep', () => {
  it('precision and recall of naming attackers and victims vs honest accounts (fixture, rule r)', () => {
    // Targets: 1 (never), 2 (.9), 3 (never), 4 (.8). Honest named: 5 (.6), 6 (.6), 8 (.9).
    expect(accountSweep(accountScores(TRUTH, ALERTS, 'r'))).toEqual([
      { threshold: null, targetsNamed: 0, honestNamed: 0, targets: 4, precision: null, recall: 0 },
      { threshold: 0.9, targetsNamed: 1, honestNamed: 1, targets: 4, precision: 0.5, recall: 0.25 },
      { threshold: 0.8, targetsNamed: 2, honestNamed: 1, targets: 4, precision: 2 / 3, recall: 0.5 },
      { threshold: 0.6, targetsNamed: 2, honestNamed: 3, targets: 4, precision: 0.4, recall: 0.5 },
    ]);
  });

  it('no targets: recall null', () => {
    expect(accountSweep([{ target: false, score: 0.4 }]).at(-1)).toEqual({
      threshold: 0.4, targetsNamed: 0, honestNamed: 1, targets: 0, precision: 0, recall: null,
    });
    expect(accountSweep([])).toEqual([{ threshold: null, targetsNamed: 0, honestNamed: 0, targets: 0, precision: null, recall: null }]);
  });
});
