/**
 * The baseline clock of SymbolWindows (windows.ts, whose header explains its
 * three views): a ring of long buckets (e.g. 60 x 1 min) holding, per
 * completed long bucket, the counters, the absolute log return and the
 * statistics of the short windows' sliding sums sampled at every short-bucket
 * close (sum, sum of squares, peak). The baseline is recomputed from the ring
 * once per long bucket, not per trade, from completed buckets only, so a
 * burst does not raise its own baseline while it is going on.
 *
 * SymbolWindows extends it: its short ring adds each trade to the current
 * long bucket and samples its sums into it at every short-bucket close, and
 * rules read the baseline queries on the same object (no indirection on the
 * per-trade path).
 */
import { FIELD_COUNT, Field, type FieldIndex, type WindowSpec } from './window-spec.js';

/** The long (baseline) ring of one symbol's windows and the baseline derived from it. */
export class WindowBaseline {
  readonly bucketMs: number;
  readonly baselineBucketMs: number;
  /** Long (baseline) ring. */
  private readonly nLong: number;
  private readonly lVals: Float64Array;
  private readonly lAbsRet: Float64Array;
  private readonly lStamp: Float64Array;
  /** The current long bucket's counters, index and close: SymbolWindows adds each trade to them. */
  protected readonly curLong = new Float64Array(FIELD_COUNT);
  protected curLongIdx = -1;
  protected curLongClose = 0;
  /** Close of the last long bucket that had a trade. */
  private prevClose = 0;
  private firstLongIdx = -1;
  private readonly bMean = new Float64Array(FIELD_COUNT);
  private readonly bVar = new Float64Array(FIELD_COUNT);
  /**
   * Short-window statistics (index (w * FIELD_COUNT + field) * 3 + k): for
   * the current long bucket and per ring slot, k = 0 sum of the window's
   * sliding sum sampled at every short-bucket close, k = 1 sum of squares,
   * k = 2 peak (largest sample).
   */
  private readonly curWS: Float64Array;
  private readonly lWS: Float64Array;
  /** Baseline of the sampled short-window sums, per (w * FIELD_COUNT + field). */
  private readonly wMean: Float64Array;
  private readonly wVar: Float64Array;
  private readonly pkMean: Float64Array;
  private readonly pkVar: Float64Array;
  private readonly pkMax: Float64Array;
  /** Short buckets per long bucket. */
  private readonly perLong: number;
  /** Bumped whenever the baseline is recomputed (callers may cache what they derive from it). */
  baselineVersion = 0;
  private bAbsRet = 0;
  private bCovered = 0;

  /** `windows`: number of short windows whose sliding sums are sampled. */
  constructor(spec: WindowSpec, windows: number) {
    this.bucketMs = spec.bucketMs;
    this.baselineBucketMs = spec.baselineBucketMs;
    this.nLong = spec.baselineBuckets;
    this.lVals = new Float64Array(this.nLong * FIELD_COUNT);
    this.lAbsRet = new Float64Array(this.nLong);
    this.lStamp = new Float64Array(this.nLong).fill(-1);
    const wf = windows * FIELD_COUNT;
    this.curWS = new Float64Array(wf * 3);
    this.lWS = new Float64Array(this.nLong * wf * 3);
    this.wMean = new Float64Array(wf);
    this.wVar = new Float64Array(wf);
    this.pkMean = new Float64Array(wf);
    this.pkVar = new Float64Array(wf);
    this.pkMax = new Float64Array(wf);
    this.perLong = spec.baselineBucketMs / spec.bucketMs;
  }

  /** Records the short window sums `sums` as they stand at the close of short bucket c, in c's long bucket. */
  protected sample(c: number, sums: Float64Array): void {
    const lc = Math.floor((c * this.bucketMs) / this.baselineBucketMs);
    if (lc > this.curLongIdx) this.rollLong(lc);
    const ws = this.curWS;
    for (let i = 0; i < sums.length; i++) {
      const x = sums[i]!;
      if (x === 0) continue;
      const k = i * 3;
      ws[k]! += x;
      ws[k + 1]! += x * x;
      if (x > ws[k + 2]!) ws[k + 2] = x;
    }
  }

  protected rollLong(lb: number): void {
    if (this.curLongIdx >= 0) {
      // Close the current long bucket into the ring.
      const idx = this.curLongIdx;
      const s = idx % this.nLong;
      const c = this.curLong;
      const o = s * FIELD_COUNT;
      for (let f = 0; f < FIELD_COUNT; f++) this.lVals[o + f] = c[f]!;
      let ret = 0;
      if (c[Field.trades]! > 0) {
        if (this.prevClose > 0) ret = Math.abs(Math.log(this.curLongClose / this.prevClose));
        this.prevClose = this.curLongClose;
      }
      this.lAbsRet[s] = ret;
      this.lStamp[s] = idx;
      c.fill(0);
      this.lWS.set(this.curWS, s * this.curWS.length);
      this.curWS.fill(0);
    } else {
      this.firstLongIdx = lb;
    }
    this.curLongIdx = lb;
    this.recomputeBaseline();
  }

  /** Mean and variance per long bucket over the completed long buckets in the ring. */
  private recomputeBaseline(): void {
    const n = this.nLong;
    const covered = Math.min(n, this.curLongIdx - this.firstLongIdx);
    this.bCovered = covered;
    const mean = this.bMean;
    const vr = this.bVar;
    mean.fill(0);
    vr.fill(0);
    this.bAbsRet = 0;
    this.wMean.fill(0);
    this.wVar.fill(0);
    this.pkMean.fill(0);
    this.pkVar.fill(0);
    this.pkMax.fill(0);
    this.baselineVersion++;
    if (covered <= 0) return;
    const oldest = this.curLongIdx - covered;
    let absRet = 0;
    let present = 0;
    for (let s = 0; s < n; s++) {
      const st = this.lStamp[s]!;
      if (st < oldest || st >= this.curLongIdx) continue;
      present++;
      const o = s * FIELD_COUNT;
      for (let f = 0; f < FIELD_COUNT; f++) mean[f]! += this.lVals[o + f]!;
      absRet += this.lAbsRet[s]!;
    }
    for (let f = 0; f < FIELD_COUNT; f++) mean[f]! /= covered;
    for (let s = 0; s < n; s++) {
      const st = this.lStamp[s]!;
      if (st < oldest || st >= this.curLongIdx) continue;
      const o = s * FIELD_COUNT;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const d = this.lVals[o + f]! - mean[f]!;
        vr[f]! += d * d;
      }
    }
    // Long buckets in the covered span that are not in the ring had no trade: zeros.
    const empty = covered - present;
    for (let f = 0; f < FIELD_COUNT; f++) vr[f] = (vr[f]! + empty * mean[f]! * mean[f]!) / covered;
    this.bAbsRet = absRet / covered;
    this.recomputeWindowStats(oldest, covered);
  }

  /** Baseline of the sampled short-window sums and of their per-long-bucket peaks. */
  private recomputeWindowStats(oldest: number, covered: number): void {
    const wf = this.wMean.length;
    const stride = wf * 3;
    const sx = this.wMean; // sums first, then turned into means
    const sxx = this.wVar;
    const pk = this.pkMean;
    const pkk = this.pkVar;
    const pmax = this.pkMax;
    for (let s = 0; s < this.nLong; s++) {
      const st = this.lStamp[s]!;
      if (st < oldest || st >= this.curLongIdx) continue;
      const o = s * stride;
      for (let i = 0; i < wf; i++) {
        const k = o + i * 3;
        sx[i]! += this.lWS[k]!;
        sxx[i]! += this.lWS[k + 1]!;
        const p = this.lWS[k + 2]!;
        pk[i]! += p;
        pkk[i]! += p * p;
        if (p > pmax[i]!) pmax[i] = p;
      }
    }
    const n = covered * this.perLong;
    for (let i = 0; i < wf; i++) {
      const m = sx[i]! / n;
      sx[i] = m;
      sxx[i] = Math.max(0, sxx[i]! / n - m * m);
      const pm = pk[i]! / covered;
      pk[i] = pm;
      pkk[i] = Math.max(0, pkk[i]! / covered - pm * pm);
    }
  }

  // ---- queries -------------------------------------------------------------

  /** Completed long buckets the baseline rests on (0 .. baselineBuckets). */
  get baselineCovered(): number {
    return this.bCovered;
  }

  /** Mean of a counter per long bucket over the baseline (0 while it is empty). */
  baselineMean(field: FieldIndex): number {
    return this.bMean[field]!;
  }

  /** Variance of a counter per long bucket over the baseline (population variance). */
  baselineVar(field: FieldIndex): number {
    return this.bVar[field]!;
  }

  /** Mean absolute log return per long bucket over the baseline (close to previous close; 0 for a bucket without trades). */
  get baselineAbsReturn(): number {
    return this.bAbsRet;
  }

  /**
   * Baseline mean of short window w's sum of a counter: the window's sliding
   * sum sampled at every short-bucket close over the baseline (empty times
   * count as zeros). Unlike `expected`, this sees the flow's real burstiness.
   */
  windowMean(w: number, field: FieldIndex): number {
    return this.wMean[w * FIELD_COUNT + field]!;
  }

  /** Baseline variance of short window w's sum of a counter, sampled as in `windowMean`. */
  windowVar(w: number, field: FieldIndex): number {
    return this.wVar[w * FIELD_COUNT + field]!;
  }

  /** Mean over the baseline's long buckets of the largest sum of short window w in each (empty buckets count as 0). */
  peakMean(w: number, field: FieldIndex): number {
    return this.pkMean[w * FIELD_COUNT + field]!;
  }

  /** Variance over the baseline's long buckets of the largest sum of short window w in each. */
  peakVar(w: number, field: FieldIndex): number {
    return this.pkVar[w * FIELD_COUNT + field]!;
  }

  /** Largest sum of short window w seen in any long bucket of the baseline. */
  peakMax(w: number, field: FieldIndex): number {
    return this.pkMax[w * FIELD_COUNT + field]!;
  }

  /** Baseline mean of a counter scaled to a span of `ms`: mean x ms / baselineBucketMs. */
  expected(ms: number, field: FieldIndex): number {
    return (this.bMean[field]! * ms) / this.baselineBucketMs;
  }

  /** Baseline variance of a counter scaled to a span of `ms`: var x ms / baselineBucketMs (see the file header). */
  expectedVar(ms: number, field: FieldIndex): number {
    return (this.bVar[field]! * ms) / this.baselineBucketMs;
  }
}
