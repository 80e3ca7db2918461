/**
 * One scenario's market as an SVG chart: the coin's price (the close at the
 * end of each bar, over a high–low band spanning each bar) and volume (buy-aggressor lots over sell-aggressor lots),
 * then one lane of alert markers per rule that alerted (colour and shape by
 * rule, opacity by score, a tooltip per marker). Incident windows are shaded
 * across all panels; the harm point and the story start are vertical lines.
 *
 * The time axis shows the story and a quarter of its length of warm-up
 * before it (clock offsets from the story start); alerts outside are counted
 * in a note. Bars are merged to at most 600 (downsample.ts), and alerts that
 * fall on the same 3-pixel column of a lane become one marker.
 */
import type { ScenarioSeries, SeriesAlert } from '../evaluate/index.js';
import { downsampleBars } from './downsample.js';
import { escapeHtml } from './escape.js';
import { fmtClock, fmtNumber, fmtPriceShort, fmtScore, ticksToPrice } from './format.js';
import { linear, marker, niceTicks, px, ruleStyle, tag, text, title } from './svg.js';

const WIDTH = 1100;
const LEFT = 190;
const RIGHT = 24;
const TOP = 22;
const PRICE_H = 220;
const GAP = 10;
const VOLUME_H = 70;
const LANE_H = 16;
const AXIS_H = 30;
const BIN_PX = 3;

/** Largest of a list without spreading it into arguments (series can hold very many alerts). */
const maxOf = (xs: Iterable<number>, start: number) => {
  let m = start;
  for (const x of xs) if (x > m) m = x;
  return m;
};
const minOf = (xs: Iterable<number>, start: number) => {
  let m = start;
  for (const x of xs) if (x < m) m = x;
  return m;
};

const ATTACK_FILL = '#e15759';
const ORGANIC_FILL = '#f2a93b';
const HARM = '#b3261e';
const STORY = '#5f6b7a';

export interface MarketChart {
  svg: string;
  /** Plain-text notes to print under the chart (e.g. alerts outside the window). */
  notes: string[];
  /** Rules that have a lane, in matrix order. */
  rules: string[];
}

/** The time window a chart shows: the story and up to a quarter of its length of warm-up before it. */
export function chartWindow(s: ScenarioSeries): { from: number; to: number } {
  const lastBar = s.bars.length > 0 ? s.bars[s.bars.length - 1]!.t + s.barMs : s.storyStart;
  const to = maxOf([...s.incidents.map((i) => i.end), maxOf(s.alerts.map((a) => a.t + 1), 0)], Math.max(lastBar, s.storyStart + s.barMs));
  const lead = Math.floor((to - s.storyStart) / 4);
  const firstBar = s.bars.length > 0 ? s.bars[0]!.t : s.storyStart;
  const from = Math.max(0, Math.min(s.storyStart, Math.max(firstBar, s.storyStart - lead)));
  // Align to the bar grid so buckets line up with bars.
  return { from: from - (from % s.barMs), to };
}

interface Bin {
  t0: number;
  t1: number;
  count: number;
  score: number;
  named: number;
}

function binAlerts(alerts: readonly SeriesAlert[], x: (t: number) => number): Map<number, Bin> {
  const bins = new Map<number, Bin>();
  for (const a of alerts) {
    const k = Math.floor(x(a.t) / BIN_PX);
    const b = bins.get(k);
    if (b === undefined) bins.set(k, { t0: a.t, t1: a.t, count: 1, score: a.score, named: a.named });
    else {
      b.t0 = Math.min(b.t0, a.t);
      b.t1 = Math.max(b.t1, a.t);
      b.count += 1;
      b.score = Math.max(b.score, a.score);
      b.named = Math.max(b.named, a.named);
    }
  }
  return bins;
}

/**
 * A close-up of the incidents when they are short against the chart window
 * (under a tenth of it): from a little before the first start to a little
 * after the last end or harm point. null when no close-up is needed.
 */
export function incidentWindow(s: ScenarioSeries): { from: number; to: number } | null {
  if (s.incidents.length === 0) return null;
  const start = minOf(s.incidents.map((i) => i.start), Infinity);
  const end = maxOf(s.incidents.map((i) => Math.max(i.end, i.harmPoint ?? i.end)), -Infinity);
  const whole = chartWindow(s);
  if ((end - start) * 10 > whole.to - whole.from) return null;
  const margin = Math.max(5 * 60_000, end - start);
  const from = Math.max(0, start - margin);
  return { from: from - (from % s.barMs), to: end + 2 * margin };
}

/**
 * The chart for one scenario's series; `rules` is the matrix rule order (for
 * colours); `window` defaults to {@link chartWindow}.
 */
export function marketChart(s: ScenarioSeries, rules: readonly string[], id: string, window?: { from: number; to: number }): MarketChart {
  const { from, to } = window ?? chartWindow(s);
  const { bars, bucketMs } = downsampleBars(s.bars, s.barMs, from, to);
  const shown = s.alerts.filter((a) => a.t >= from && a.t < to);
  const laneRules = rules.filter((r) => shown.some((a) => a.rule === r));
  const unknown = [...new Set(shown.filter((a) => !rules.includes(a.rule)).map((a) => a.rule))].sort();
  const lanes = [...laneRules, ...unknown];
  const styleOf = (rule: string) => ruleStyle(rules.includes(rule) ? rules.indexOf(rule) : rules.length + unknown.indexOf(rule));

  const priceTop = TOP;
  const volTop = priceTop + PRICE_H + GAP;
  const laneTop = volTop + VOLUME_H + GAP;
  const lanesH = Math.max(1, lanes.length) * LANE_H;
  const axisTop = laneTop + lanesH + 4;
  const height = axisTop + AXIS_H;
  const x = linear(from, to, LEFT, WIDTH - RIGHT);
  const out: string[] = [];

  // Incident windows, behind everything.
  for (const i of s.incidents) {
    const a = Math.max(from, i.start);
    const b = Math.min(to, Math.max(i.end, i.start + 1));
    if (b <= a) continue;
    const fill = i.kind === 'attack' ? ATTACK_FILL : ORGANIC_FILL;
    const label = `${i.kind} incident ${fmtClock(i.start, s.storyStart)} to ${fmtClock(i.end, s.storyStart)}`;
    out.push(tag('rect', { x: x(a), y: priceTop, width: Math.max(1, x(b) - x(a)), height: axisTop - priceTop, fill, 'fill-opacity': 0.13, class: 'incident' }, title(label)));
  }

  // Price panel.
  const lows = bars.map((b) => b.low);
  const highs = bars.map((b) => b.high);
  let lo = lows.length > 0 ? minOf(lows, Infinity) : 0;
  let hi = highs.length > 0 ? maxOf(highs, -Infinity) : 1;
  const pad = Math.max(1, (hi - lo) * 0.06);
  lo = Math.max(0, lo - pad);
  hi += pad;
  const y = linear(lo, hi, priceTop + PRICE_H, priceTop);
  for (const v of niceTicks(lo, hi, 5)) {
    const t = Math.round(v);
    if (t !== v) continue; // prices are whole ticks
    out.push(tag('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(v), y2: y(v), class: 'grid' }));
    out.push(text(LEFT - 6, y(v) + 4, fmtPriceShort(t, s.tickSize), { class: 'tick', 'text-anchor': 'end' }));
  }
  out.push(text(LEFT - 6, priceTop - 8, `price (${s.symbol})`, { class: 'axis-label', 'text-anchor': 'end' }));
  if (bars.length > 0) {
    // A bar covers [t, t + bucket): its high-low range spans the whole interval, its close is the price at the end.
    const mid = (b: { t: number }) => x(b.t + bucketMs / 2);
    const end = (b: { t: number }) => x(b.t + bucketMs);
    const upper = bars.flatMap((b) => [`${px(x(b.t))},${px(y(b.high))}`, `${px(end(b))},${px(y(b.high))}`]);
    const lower = [...bars].reverse().flatMap((b) => [`${px(end(b))},${px(y(b.low))}`, `${px(x(b.t))},${px(y(b.low))}`]);
    out.push(tag('polygon', { points: [...upper, ...lower].join(' '), class: 'band' }));
    const first = bars[0]!;
    const closes = [`${px(x(first.t))},${px(y(first.open))}`, ...bars.map((b) => `${px(end(b))},${px(y(b.close))}`)];
    out.push(tag('polyline', { points: closes.join(' '), class: 'price' }));
    // Invisible hit areas with a tooltip per bar would bloat the file; the extremes get one instead.
    const top = bars.reduce((m, b) => (b.high > m.high ? b : m), bars[0]!);
    out.push(
      tag(
        'circle',
        { cx: mid(top), cy: y(top.high), r: 3, class: 'peak' },
        title(`high ${ticksToPrice(top.high, s.tickSize)} at ${fmtClock(top.t, s.storyStart)} (${top.trades} trades, ${top.qty} lots)`),
      ),
    );
  } else {
    out.push(text((LEFT + WIDTH - RIGHT) / 2, priceTop + PRICE_H / 2, 'no trades in this window', { class: 'tick', 'text-anchor': 'middle' }));
  }
  out.push(tag('rect', { x: LEFT, y: priceTop, width: WIDTH - RIGHT - LEFT, height: PRICE_H, class: 'frame' }));

  // Volume panel: buy-aggressor lots below, sell-aggressor lots stacked on top.
  const maxQty = maxOf(bars.map((b) => b.qty), 1);
  const v = linear(0, maxQty, volTop + VOLUME_H, volTop);
  const w = Math.max(1, x(from + bucketMs) - x(from) - 0.6);
  for (const b of bars) {
    const bx = x(b.t) + 0.3;
    const tip = title(`${fmtClock(b.t, s.storyStart)}: ${b.qty} lots (${b.buyQty} bought by takers), ${b.trades} trades`);
    out.push(
      tag(
        'g',
        {},
        `${tag('rect', { x: bx, y: v(b.buyQty), width: w, height: v(0) - v(b.buyQty), class: 'vol-buy' })}${tag('rect', { x: bx, y: v(b.qty), width: w, height: v(b.buyQty) - v(b.qty), class: 'vol-sell' })}${tip}`,
      ),
    );
  }
  out.push(text(LEFT - 6, volTop + 12, 'volume (lots)', { class: 'axis-label', 'text-anchor': 'end' }));
  out.push(text(LEFT - 6, volTop + VOLUME_H, fmtNumber(maxQty) === '1' ? '' : `max ${fmtNumber(maxQty)}`, { class: 'tick', 'text-anchor': 'end' }));
  out.push(tag('rect', { x: LEFT, y: volTop, width: WIDTH - RIGHT - LEFT, height: VOLUME_H, class: 'frame' }));

  // Alert lanes.
  lanes.forEach((rule, k) => {
    const cy = laneTop + k * LANE_H + LANE_H / 2;
    const { color, shape } = styleOf(rule);
    out.push(tag('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: cy, y2: cy, class: 'lane' }));
    out.push(text(LEFT - 6, cy + 4, rule, { class: 'lane-label', 'text-anchor': 'end' }));
    const bins = binAlerts(shown.filter((a) => a.rule === rule), x);
    for (const [, b] of [...bins.entries()].sort((p, q) => p[0] - q[0])) {
      const when = b.t0 === b.t1 ? fmtClock(b.t0, s.storyStart) : `${fmtClock(b.t0, s.storyStart)} to ${fmtClock(b.t1, s.storyStart)}`;
      const tip = `${rule}: ${b.count} alert${b.count === 1 ? '' : 's'} at ${when}, score ${b.count === 1 ? '' : 'up to '}${fmtScore(b.score)}, ${b.named === 0 ? 'no account named' : `${b.count === 1 ? '' : 'up to '}${b.named} account${b.named === 1 ? '' : 's'} named`}`;
      out.push(marker(shape, x((b.t0 + b.t1) / 2), cy, 4.5, { fill: color, 'fill-opacity': 0.35 + 0.65 * b.score, stroke: color, class: 'alert' }, title(tip)));
    }
  });
  if (lanes.length === 0) out.push(text(LEFT + 4, laneTop + LANE_H / 2 + 4, 'no alerts in this window', { class: 'tick' }));

  // Story start and harm points, on top.
  const vline = (t: number, cls: string, label: string, tip: string, color: string, row: number) => {
    if (t < from || t > to) return;
    out.push(tag('line', { x1: x(t), x2: x(t), y1: priceTop, y2: axisTop, class: cls }, title(tip)));
    out.push(text(x(t) + 3, row === 0 ? priceTop - 6 : priceTop + 12, label, { class: 'marker-label', fill: color }));
  };
  vline(s.storyStart, 'story', 'story start', `story start (end of warm-up) at sim time ${fmtClock(s.storyStart, 0)}`, STORY, 0);
  for (const i of s.incidents) {
    if (i.harmPoint !== null) vline(i.harmPoint, 'harm', 'harm', `harm point: first attacker withdrawal request at ${fmtClock(i.harmPoint, s.storyStart)}`, HARM, 1);
  }

  // Time axis: clock offsets from the story start, on round minutes.
  const spanMin = (to - from) / 60_000;
  const stepMin = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].find((m) => spanMin / m <= 12) ?? 2880;
  const step = stepMin * 60_000;
  for (let t = s.storyStart + Math.ceil((from - s.storyStart) / step) * step; t <= to; t += step) {
    out.push(tag('line', { x1: x(t), x2: x(t), y1: axisTop - 4, y2: axisTop, class: 'axis' }));
    out.push(text(x(t), axisTop + 14, fmtClock(t, s.storyStart), { class: 'tick', 'text-anchor': 'middle' }));
  }
  out.push(text(LEFT - 6, axisTop + 14, 'h:mm from story start', { class: 'axis-label', 'text-anchor': 'end' }));

  const notes: string[] = [];
  const outside = s.alerts.length - shown.length;
  if (outside > 0) notes.push(`${outside} alert${outside === 1 ? '' : 's'} outside this window not shown.`);
  if (bucketMs !== s.barMs) notes.push(`Bars merged to ${fmtNumber(bucketMs / 60_000)}-minute buckets.`);
  const label = `Price, volume and alerts of ${s.symbol} in ${s.scenario}, seed ${s.seed}`;
  const svg = `<svg class="chart market" viewBox="0 0 ${WIDTH} ${px(height)}" width="${WIDTH}" height="${px(height)}" role="img" aria-labelledby="${escapeHtml(id)}-t"><title id="${escapeHtml(id)}-t">${escapeHtml(label)}</title>${out.join('')}</svg>`;
  return { svg, notes, rules: lanes };
}

export { ATTACK_FILL, ORGANIC_FILL, HARM, STORY };
