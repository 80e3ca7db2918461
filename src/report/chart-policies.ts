/**
 * Funds saved against honest users harmed: one point per response policy
 * (`none` at the origin by construction). x is the honest accounts' hours
 * under restriction per organic run (the customer-harm measure; per attack
 * run when the suite has no organic scenario), y the attacker proceeds
 * prevented per attack run against `none` at the same seed, in the quote
 * asset. Whiskers are the 95% intervals of both means (the hours' cut at 0). Policies landing on
 * the same spot share one label (and stack as rings); the legend repeats each
 * policy's two numbers. Every label and tooltip escaped.
 */
import { ATTACK_SCENARIOS, NO_POLICY, ORGANIC_SCENARIOS, type MeanInterval, type SuiteResults } from '../evaluate/index.js';
import { escapeHtml } from './escape.js';
import { fmtHours, fmtInterval, fmtNumber, fmtQuote } from './format.js';
import { policyAggregate, policyNames, quoteOf } from './policies.js';
import { linear, marker, niceTicks, px, ruleStyle, tag, text, title } from './svg.js';

const W = 520;
const H = 320;
const LEFT = 78;
const TOP = 24;
const LEGEND_X = LEFT + W + 36;
const LEGEND_W = 380;
const ROW = 20;
const LABEL_H = 14;
/** Approximate width of a label character at 11.5px. */
const CHAR_W = 6.4;
const MAX_LABEL = 34;

interface Point {
  policy: string;
  index: number;
  x: MeanInterval;
  /** In quote (decimal) units, not integer units. */
  y: { mean: number | null; low: number | null; high: number | null };
}

/** `none` in grey; each policy a colour and shape of the rule palette. */
const policyStyle = (p: Point) => (p.policy === NO_POLICY ? { color: '#7b8794', shape: 'circle' as const } : ruleStyle(p.index - 1));

const clip = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

/** Which runs the x axis is measured on: organic ones when there are any. */
export function harmPool(results: SuiteResults): typeof ORGANIC_SCENARIOS | typeof ATTACK_SCENARIOS {
  return results.policies.some((p) => p.scenario === ORGANIC_SCENARIOS) ? ORGANIC_SCENARIOS : ATTACK_SCENARIOS;
}

export function policyChart(results: SuiteResults): string {
  const { asset, decimals } = quoteOf(results);
  const scale = 10 ** decimals;
  const pool = harmPool(results);
  const perRun = pool === ORGANIC_SCENARIOS ? 'organic run' : 'attack run';
  const empty: MeanInterval = { n: 0, mean: null, sd: null, low: null, high: null };
  const points: Point[] = policyNames(results).map((policy, index) => {
    const h = policyAggregate(results, policy, pool)?.impact.honestRestrictionHours ?? empty;
    // Hours are never negative: a t interval reaching below 0 is drawn from 0.
    const harm = { ...h, low: h.low === null ? null : Math.max(0, h.low) };
    const saved = policyAggregate(results, policy, ATTACK_SCENARIOS)?.proceedsPrevented ?? empty;
    const q = (v: number | null) => (v === null ? null : v / scale);
    return { policy, index, x: harm, y: { mean: q(saved.mean), low: q(saved.low), high: q(saved.high) } };
  });
  const xs = points.flatMap((p) => [p.x.mean, p.x.high, p.x.low]).filter((v): v is number => v !== null);
  const ys = points.flatMap((p) => [p.y.mean, p.y.high, p.y.low]).filter((v): v is number => v !== null);
  const xMax = Math.max(1, ...xs) * 1.08;
  const xMin = 0;
  const yMax = Math.max(10 ** -Math.min(decimals, 2), ...ys) * 1.08;
  const yMin = Math.min(0, ...ys);
  const xTicks = niceTicks(xMin, xMax, 6);
  const yTicks = niceTicks(yMin, yMax, 6);
  const x0 = Math.min(xMin, xTicks[0]!);
  const x1 = Math.max(xMax, xTicks[xTicks.length - 1]!);
  const y0 = Math.min(yMin, yTicks[0]!);
  const y1 = Math.max(yMax, yTicks[yTicks.length - 1]!);
  const x = linear(x0, x1, LEFT, LEFT + W);
  const y = linear(y0, y1, TOP + H, TOP);
  const out: string[] = [];
  for (const v of xTicks) {
    out.push(tag('line', { x1: x(v), x2: x(v), y1: TOP, y2: TOP + H, class: 'grid' }));
    out.push(text(x(v), TOP + H + 16, fmtNumber(v), { class: 'tick', 'text-anchor': 'middle' }));
  }
  for (const v of yTicks) {
    out.push(tag('line', { x1: LEFT, x2: LEFT + W, y1: y(v), y2: y(v), class: 'grid' }));
    out.push(text(LEFT - 6, y(v) + 4, fmtNumber(v), { class: 'tick', 'text-anchor': 'end' }));
  }
  if (y0 < 0) out.push(tag('line', { x1: LEFT, x2: LEFT + W, y1: y(0), y2: y(0), class: 'axis' }));
  out.push(text(LEFT + W / 2, TOP + H + 36, `honest accounts' restriction hours per ${perRun} (mean, 95% CI)`, { class: 'axis-label', 'text-anchor': 'middle' }));
  out.push(
    text(0, 0, `attacker proceeds prevented per attack run (${asset || 'quote'})`, {
      class: 'axis-label',
      'text-anchor': 'middle',
      transform: `translate(${px(LEFT - 56)} ${px(TOP + H / 2)}) rotate(-90)`,
    }),
  );
  out.push(text(LEFT + 8, TOP + 14, '↖ better: more saved, fewer honest hours', { class: 'tick' }));

  // Policies on the same spot (within a few pixels) form one group: rings around one point, one label.
  const groups = new Map<string, Point[]>();
  for (const p of points) {
    if (p.x.mean === null || p.y.mean === null) continue;
    const key = `${Math.round(x(p.x.mean) / 4)},${Math.round(y(p.y.mean) / 4)}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const whiskers: string[] = [];
  const marks: string[] = [];
  const labels: string[] = [];
  const placed: { x0: number; x1: number; y: number }[] = [];
  const tip = (p: Point) =>
    (
      `${p.policy}: prevents ${fmtQuote(p.y.mean === null ? null : p.y.mean * scale, decimals, asset)} ${fmtInterval(p.y.low, p.y.high, (v) => fmtQuote(v * scale, decimals))} of attacker proceeds per attack run; ` +
      `honest accounts restricted ${fmtHours(p.x.mean)} ${fmtInterval(p.x.low, p.x.high, fmtNumber)} per ${perRun}`
    ).replace(/ {2,}/g, ' ');
  for (const group of groups.values()) {
    const first = group[0]!;
    const cx = x(first.x.mean!);
    const cy = y(first.y.mean!);
    group.forEach((p, k) => {
      const { color, shape } = policyStyle(p);
      if (p.x.low !== null && p.x.high !== null && p.x.high > p.x.low) {
        whiskers.push(tag('line', { x1: x(p.x.low), x2: x(p.x.high), y1: y(p.y.mean!), y2: y(p.y.mean!), stroke: color, class: 'whisker' }));
      }
      if (p.y.low !== null && p.y.high !== null && p.y.high > p.y.low) {
        whiskers.push(tag('line', { x1: x(p.x.mean!), x2: x(p.x.mean!), y1: y(p.y.low), y2: y(p.y.high), stroke: color, class: 'whisker' }));
      }
      const r = 5 + 3.5 * k;
      const look = k === 0 ? { fill: color, stroke: '#ffffff', 'stroke-width': 1 } : { fill: 'none', stroke: color, 'stroke-width': 2 };
      marks.unshift(tag('g', { class: 'policy-point' }, `${marker(shape, x(p.x.mean!), y(p.y.mean!), r, look)}${title(tip(p))}`));
    });
    // The label to the right of the point (left near the right edge), moved down past labels already placed.
    const label = group.map((p) => clip(p.policy)).join(' = ');
    const width = label.length * CHAR_W;
    const ring = 5 + 3.5 * (group.length - 1);
    const right = cx + ring + 6 + width <= LEFT + W;
    const lx0 = right ? cx + ring + 6 : cx - ring - 6 - width;
    let ly = cy + 4;
    for (let tries = 0; tries < 40 && placed.some((b) => Math.abs(b.y - ly) < LABEL_H && b.x0 < lx0 + width && lx0 < b.x1); tries++) ly += LABEL_H;
    placed.push({ x0: lx0, x1: lx0 + width, y: ly });
    labels.push(text(right ? lx0 : lx0 + width, ly, label, { class: 'point-label', 'text-anchor': right ? 'start' : 'end' }));
  }
  // The frame under the points, so whiskers on the x = 0 edge stay visible.
  out.push(tag('rect', { x: LEFT, y: TOP, width: W, height: H, class: 'frame' }));
  out.push(...whiskers, ...marks, ...labels);

  points.forEach((p, i) => {
    const { color, shape } = policyStyle(p);
    const ly = TOP + 8 + i * ROW;
    const numbers = `${fmtQuote(p.y.mean === null ? null : p.y.mean * scale, decimals, asset)} · ${fmtHours(p.x.mean)}`;
    out.push(
      tag(
        'g',
        { class: 'legend-item' },
        `${marker(shape, LEGEND_X + 7, ly, 5, { fill: color })}${text(LEGEND_X + 20, ly + 4, clip(p.policy), { class: 'legend' })}${text(LEGEND_X + LEGEND_W - 8, ly + 4, numbers, { class: 'legend num', 'text-anchor': 'end' })}${title(tip(p))}`,
      ),
    );
  });
  out.push(text(LEGEND_X, TOP + 8 + points.length * ROW + 8, `saved per attack run · honest hours per ${perRun}`, { class: 'tick' }));
  const height = Math.max(TOP + H + 48, TOP + 8 + points.length * ROW + 24);
  const width = LEGEND_X + LEGEND_W;
  return `<svg class="chart policies" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="policies-t"><title id="policies-t">${escapeHtml(`Response policies: attacker proceeds prevented per attack run against honest restriction hours per ${perRun}, one point per policy`)}</title>${out.join('')}</svg>`;
}
