/**
 * The rule x scenario heat map: one row per rule, one column per scenario.
 * Attack columns are coloured by detection rate (white to green, the higher
 * the better); organic columns by honest accounts named per run (white to
 * red, scaled to the largest organic cell, at least 1). Each cell prints its
 * number, and its tooltip the full headline (cells.ts).
 */
import type { SuiteResults } from '../evaluate/index.js';
import { cellIndex, cellKey, headline } from './cells.js';
import { escapeHtml } from './escape.js';
import { DASH, fmtNumber, fmtRate } from './format.js';
import { isDark, mix, px, tag, text, title } from './svg.js';

const MAX_CELL_W = 112;
const MIN_CELL_W = 60;
/** The whole chart aims at this width; cells shrink (to a minimum) when there are many scenarios. */
const TARGET_W = 1100;
const CELL_H = 30;
const LEFT = 200;
const HEAD = 150;
const MAX_LABEL = 30;

export const GOOD = '#1a9850';
export const BAD = '#d73027';

const clip = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

export function heatmap(results: SuiteResults): string {
  const cells = cellIndex(results);
  const scenarios = results.matrix.scenarios;
  const rules = results.matrix.rules.map((r) => r.name);
  const organicMax = Math.max(
    1,
    ...results.cells.filter((c) => !scenarios.find((s) => s.name === c.scenario)?.attack).map((c) => c.honestNamed.mean ?? 0),
  );
  const CELL_W = Math.max(MIN_CELL_W, Math.min(MAX_CELL_W, Math.floor((TARGET_W - LEFT - 190) / Math.max(1, scenarios.length))));
  const out: string[] = [];
  scenarios.forEach((s, j) => {
    const cx = LEFT + j * CELL_W + CELL_W / 2;
    out.push(
      tag(
        'text',
        { x: 0, y: 0, class: 'col-label', transform: `translate(${px(cx - 4)} ${HEAD - 8}) rotate(-35)` },
        `${escapeHtml(clip(s.name))}${title(`${s.name} (${s.attack ? 'attack' : 'organic'})`)}`,
      ),
    );
  });
  rules.forEach((rule, i) => {
    const ry = HEAD + i * CELL_H;
    out.push(text(LEFT - 8, ry + CELL_H / 2 + 4, clip(rule), { class: 'row-label', 'text-anchor': 'end' }));
    scenarios.forEach((s, j) => {
      const c = cells.get(cellKey(rule, s.name));
      const h = headline(c, s.attack);
      const fill = h.value === null ? '#f3f4f6' : s.attack ? mix('#ffffff', GOOD, h.value) : mix('#ffffff', BAD, h.value / organicMax);
      const label = h.value === null ? DASH : s.attack ? fmtRate(h.value) : fmtNumber(h.value);
      const x0 = LEFT + j * CELL_W;
      const tip = `${rule} on ${s.name}: ${h.text}${s.attack ? ' (detected · before harm · honest named per run)' : ' (honest named per run · alerts per market-day)'}`;
      out.push(
        tag(
          'g',
          { class: 'cell' },
          `${tag('rect', { x: x0 + 1, y: ry + 1, width: CELL_W - 2, height: CELL_H - 2, fill, rx: 3, stroke: '#e4e7eb' })}${text(x0 + CELL_W / 2, ry + CELL_H / 2 + 4, label, { 'text-anchor': 'middle', class: isDark(fill) ? 'cell-text dark' : 'cell-text' })}${title(tip)}`,
        ),
      );
    });
  });
  const width = LEFT + scenarios.length * CELL_W + 190;
  const height = HEAD + rules.length * CELL_H + 8;
  return `<svg class="chart heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="heat-t"><title id="heat-t">Rule by scenario heat map: detection rate for attack scenarios, honest accounts named per run for organic ones</title>${out.join('')}</svg>`;
}
