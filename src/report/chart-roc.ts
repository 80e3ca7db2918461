/**
 * ROC curves of every rule in one SVG chart: true-positive rate (attack runs
 * flagged) against false-positive rate (organic runs flagged) as a rule's
 * run-score threshold falls, one line per rule through its sweep points and
 * closed at (1, 1), the chance diagonal for reference. The legend gives each
 * rule's ROC AUC and PR AUC. Each line is nudged by up to a few pixels (in
 * rule order) so rules with identical curves stay visible side by side.
 */
import type { RuleSummary } from '../evaluate/index.js';
import { escapeHtml } from './escape.js';
import { fmtScore } from './format.js';
import { linear, marker, px, ruleStyle, tag, text, title } from './svg.js';

const SIZE = 360;
const LEFT = 56;
const TOP = 16;
const LEGEND_X = LEFT + SIZE + 28;
const LEGEND_W = 360;
const ROW = 20;

/** The ROC chart for the rules in matrix order. */
export function rocChart(rules: readonly RuleSummary[]): string {
  const x = linear(0, 1, LEFT, LEFT + SIZE);
  const y = linear(0, 1, TOP + SIZE, TOP);
  const out: string[] = [];
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(tag('line', { x1: x(v), x2: x(v), y1: y(0), y2: y(1), class: 'grid' }));
    out.push(tag('line', { x1: x(0), x2: x(1), y1: y(v), y2: y(v), class: 'grid' }));
    out.push(text(x(v), y(0) + 16, String(v), { class: 'tick', 'text-anchor': 'middle' }));
    out.push(text(x(0) - 6, y(v) + 4, String(v), { class: 'tick', 'text-anchor': 'end' }));
  }
  out.push(tag('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), class: 'chance' }, title('chance (ROC AUC 0.5)')));
  out.push(text(x(0.5), y(0) + 34, 'false-positive rate (organic runs flagged)', { class: 'axis-label', 'text-anchor': 'middle' }));
  out.push(text(0, 0, 'true-positive rate (attack runs flagged)', { class: 'axis-label', 'text-anchor': 'middle', transform: `translate(${px(LEFT - 38)} ${px(y(0.5))}) rotate(-90)` }));
  const lines: string[] = [];
  const legend: string[] = [];
  rules.forEach((r, i) => {
    const { color, shape } = ruleStyle(i);
    const s = r.separability;
    const pts = s.points.filter((p) => p.fpr !== null && p.tpr !== null).map((p) => [p.fpr!, p.tpr!] as const);
    const auc = `ROC AUC ${fmtScore(s.rocAuc)}, PR AUC ${fmtScore(s.prAuc)}`;
    if (pts.length > 0 && s.rocAuc !== null) {
      pts.push([1, 1]);
      // Rules with the same curve would hide each other: each is nudged by a pixel or two, in rule order.
      const nudge = (i - (rules.length - 1) / 2) * 1.5;
      const d = pts.map(([fx, ty], k) => `${k === 0 ? 'M' : 'L'}${px(x(fx) + nudge)} ${px(y(ty) - nudge)}`).join('');
      lines.push(tag('path', { d, stroke: color, class: 'roc' }, title(`${r.rule}: ${auc} (${s.positives} attack runs, ${s.negatives} organic runs)`)));
    }
    const ly = TOP + 8 + i * ROW;
    legend.push(
      tag(
        'g',
        { class: 'legend-item' },
        `${tag('line', { x1: LEGEND_X, x2: LEGEND_X + 22, y1: ly, y2: ly, stroke: color, 'stroke-width': 3 })}${marker(shape, LEGEND_X + 11, ly, 3.5, { fill: color })}${text(LEGEND_X + 30, ly + 4, r.rule, { class: 'legend' })}${text(LEGEND_X + LEGEND_W - 8, ly + 4, s.rocAuc === null ? 'AUC n/a' : `AUC ${fmtScore(s.rocAuc)}`, { class: 'legend num', 'text-anchor': 'end' })}${title(`${r.rule}: ${auc}`)}`,
      ),
    );
  });
  out.push(...lines);
  out.push(tag('rect', { x: x(0), y: y(1), width: SIZE, height: SIZE, class: 'frame' }));
  out.push(...legend);
  const height = Math.max(TOP + SIZE + 44, TOP + 8 + rules.length * ROW + 8);
  const width = LEGEND_X + LEGEND_W;
  return `<svg class="chart roc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="roc-t"><title id="roc-t">${escapeHtml('ROC curves: attack runs against organic runs by run score, one line per rule')}</title>${out.join('')}</svg>`;
}
