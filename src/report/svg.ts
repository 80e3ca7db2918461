/**
 * Small SVG building blocks for the HTML report's charts: escaped
 * attributes, coordinates with fixed precision, linear scales, round axis
 * ticks, and one colour and marker shape per rule.
 */
import { escapeHtml } from './escape.js';

export type Attrs = Record<string, string | number | null | undefined>;

/** A coordinate or length: one decimal, no `-0`. */
export function px(x: number): string {
  const s = (Math.round(x * 10) / 10).toFixed(1).replace(/\.0$/, '');
  return s === '-0' ? '0' : s;
}

/** ` name="value"` pairs, escaped; numbers as {@link px}; null and undefined left out. */
export function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === null || v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? px(v) : escapeHtml(v)}"`;
  }
  return out;
}

/** An element; `inner` is markup (already escaped). Self-closing when empty. */
export function tag(name: string, a: Attrs, inner = ''): string {
  return inner === '' ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${inner}</${name}>`;
}

/** A `<title>` (tooltip) with escaped text. */
export const title = (text: string) => `<title>${escapeHtml(text)}</title>`;

/** A text label with escaped content. */
export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return tag('text', { x, y, ...a }, escapeHtml(content));
}

/** Maps [d0, d1] to [r0, r1]; a degenerate domain maps to the middle of the range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (x) => r0 + (x - d0) * k;
}

/** About `count` round tick values (1, 2 or 5 times a power of ten) covering [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  // The round step whose tick count comes closest to `count` (ties: the larger step).
  const span = max - min;
  const step = [10, 5, 2, 1].map((m) => m * pow).reduce((best, s) => (Math.abs(span / s - count) < Math.abs(span / best - count) ? s : best));
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Tableau 10: distinct, colour-blind-aware, legible on white. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;
export const SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
export type Shape = (typeof SHAPES)[number];

/** A rule's colour and marker shape from its position in the matrix (shape changes every 10 rules). */
export function ruleStyle(index: number): { color: string; shape: Shape } {
  return { color: PALETTE[index % PALETTE.length]!, shape: SHAPES[Math.floor(index / PALETTE.length) % SHAPES.length]! };
}

/** A marker of a shape centred on (x, y), `r` its half-size. */
export function marker(shape: Shape, x: number, y: number, r: number, a: Attrs, inner = ''): string {
  switch (shape) {
    case 'circle':
      return tag('circle', { cx: x, cy: y, r, ...a }, inner);
    case 'square':
      return tag('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...a }, inner);
    case 'triangle':
      return tag('path', { d: `M${px(x)} ${px(y - r)}L${px(x + r)} ${px(y + r)}L${px(x - r)} ${px(y + r)}Z`, ...a }, inner);
    case 'diamond':
      return tag('path', { d: `M${px(x)} ${px(y - r)}L${px(x + r)} ${px(y)}L${px(x)} ${px(y + r)}L${px(x - r)} ${px(y)}Z`, ...a }, inner);
  }
}

/** Linear blend of two `#rrggbb` colours, t in [0, 1]. */
export function mix(from: string, to: string, t: number): string {
  const c = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const u = Math.min(1, Math.max(0, t));
  return `#${[0, 1, 2].map((i) => Math.round(c(from, i) + (c(to, i) - c(from, i)) * u).toString(16).padStart(2, '0')).join('')}`;
}

/** Whether white text reads better than dark text on a `#rrggbb` fill. */
export function isDark(hex: string): boolean {
  const [r, g, b] = [0, 1, 2].map((i) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}
