/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script,
 * no external request of any kind). In order: the verdict and the gates;
 * the changes against the baseline when a diff is given; per scenario, the
 * coin's price, volume and alerts over time; ROC curves of every rule; the
 * rule x scenario heat map; with response policies in the suite, the
 * policies side by side (funds saved against honest users harmed, as a chart
 * and tables); then every table of the Markdown report, in full.
 *
 * Every string from a scenario, suite or rule goes through `escapeHtml`
 * (text and attributes). Deterministic: no timestamps, matrix order, numbers
 * formatted by format.ts.
 */
import { gateSubject } from './tables.js';
import type { BaselineDiff, SuiteResults } from '../evaluate/index.js';
import { HEADLINE_LEGEND } from './cells.js';
import { ATTACK_FILL, HARM, ORGANIC_FILL, STORY, incidentWindow, marketChart } from './chart-market.js';
import { BAD, GOOD, heatmap } from './chart-heatmap.js';
import { harmPool, policyChart } from './chart-policies.js';
import { rocChart } from './chart-roc.js';
import { escapeHtml } from './escape.js';
import { DEFAULT_BLESS_COMMAND, type ReportOptions, VERDICT_TEXT } from './options.js';
import { policyListTable, policyScenarioTable, policyTable } from './policies.js';
import { STYLE } from './style.js';
import { marker, ruleStyle } from './svg.js';
import { baselineLine, changesTable, gatesTable, kindLabel, mainTable, orderedChanges, ruleSummaryTable, scenarioTable, seedsTable, type Table } from './tables.js';

const e = escapeHtml;

/** An HTML table from the shared table model; every cell escaped. */
export function htmlTable(t: Table, caption?: string, className?: string): string {
  const cls = (k: number) => (t.align[k] === 'right' ? ' class="num"' : '');
  const head = `<thead>${groupRow(t)}<tr>${t.head.map((h, k) => `<th${cls(k)}>${e(h)}</th>`).join('')}</tr></thead>`;
  const body = t.rows
    .map((r, i) => {
      const tone = t.tones?.[i];
      return `<tr${tone ? ` class="${tone}"` : ''}>${r.map((c, k) => `<td${cls(k)}>${cellHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table${className !== undefined ? ` class="${e(className)}"` : ''}>${caption !== undefined ? `<caption>${e(caption)}</caption>` : ''}${head}<tbody>\n${body}\n</tbody></table></div>`;
}

/** The group row over the head: runs of equal labels spanned (empty labels stay blank). */
function groupRow(t: Table): string {
  if (t.groups === undefined) return '';
  const spans: { label: string; span: number }[] = [];
  t.head.forEach((_, k) => {
    const label = t.groups![k] ?? '';
    const last = spans[spans.length - 1];
    if (last !== undefined && last.label === label && label !== '') last.span++;
    else spans.push({ label, span: 1 });
  });
  return `<tr class="group">${spans.map((g) => `<th${g.span > 1 ? ` colspan="${g.span}"` : ''}${g.label === '' ? ' class="blank"' : ''}>${e(g.label)}</th>`).join('')}</tr>`;
}

/** A cell's text, with a trailing `[low–high]` interval set smaller. */
function cellHtml(text: string): string {
  const m = /^(.*) (\[[^\]]*\])$/.exec(text);
  return m === null ? e(text) : `${e(m[1]!)} <span class="ci">${e(m[2]!)}</span>`;
}

function swatch(fill: string, opacity = 1): string {
  return `<svg class="swatch" width="14" height="14" aria-hidden="true"><rect x="0.5" y="0.5" width="13" height="13" rx="2" fill="${e(fill)}" fill-opacity="${opacity}" stroke="${e(fill)}"/></svg>`;
}

function lineSwatch(color: string, dashed: boolean): string {
  return `<svg class="swatch" width="14" height="14" aria-hidden="true"><line x1="7" x2="7" y1="0" y2="14" stroke="${e(color)}" stroke-width="2"${dashed ? ' stroke-dasharray="3 2"' : ''}/></svg>`;
}

function ruleSwatch(index: number): string {
  const { color, shape } = ruleStyle(index);
  return `<svg class="swatch" width="14" height="14" aria-hidden="true">${marker(shape, 7, 7, 5, { fill: color, stroke: color })}</svg>`;
}

function verdictSection(results: SuiteResults, diff: BaselineDiff | null | undefined): string {
  const failed = results.gates.filter((g) => !g.pass);
  const ordered = [...failed.filter((g) => g.level === 'error'), ...failed.filter((g) => g.level === 'warn')];
  const m = results.matrix;
  const shard = results.shard === null ? '' : ` · shard ${results.shard.index}/${results.shard.count}`;
  const list =
    ordered.length === 0
      ? `<p class="ok">Every gate passes.</p>`
      : `<ul class="failed">${ordered.map((g) => `<li class="${g.level === 'error' ? 'bad' : 'warn'}"><strong>${e(g.level)}</strong> ${e(g.name)} <span class="muted">(${e(gateSubject(g))})</span>: ${e(g.detail)}</li>`).join('')}</ul>`;
  return `<header>
<div class="verdict ${results.verdict}">${VERDICT_TEXT[results.verdict]}</div>
<div><h1>${e(results.suite.name)}</h1>
${results.suite.description.trim() !== '' ? `<p class="description">${e(results.suite.description.trim())}</p>` : ''}
<p class="muted">${m.scenarios.length} scenarios × ${m.seeds.length} seeds × ${m.rules.length} rules · ${results.runs.length} runs · ${results.gates.length - failed.length}/${results.gates.length} gates pass${shard} · suite file SHA-256 <code>${e(results.suite.fileSha256.slice(0, 16))}</code></p>
${diff ? `<p class="${diff.regressions > 0 ? 'bad-text' : 'muted'}">${e(baselineLine(diff))}</p>` : ''}</div>
</header>
<section id="gates"><h2>Verdict and gates</h2>
${list}
${results.gates.length > 0 ? htmlTable(gatesTable(results), undefined, 'gates') : '<p class="muted">The suite has no gates.</p>'}
</section>`;
}

function diffSection(diff: BaselineDiff, options: ReportOptions): string {
  const { regressions, improvements, added } = orderedChanges(diff);
  const parts = [`<section id="baseline"><h2>Changed against the baseline</h2>`];
  if (diff.changes.length === 0) parts.push(`<p class="ok">No metric changed (${diff.compared} compared).</p>`);
  else {
    parts.push(`<p>${diff.regressions} regressed, ${diff.improvements} improved, ${added.length} new (${diff.compared} compared).</p>`);
    if (regressions.length > 0) parts.push(`<h3>Regressions</h3>${htmlTable(changesTable(regressions))}`);
    if (improvements.length > 0) parts.push(`<h3>Improvements</h3>${htmlTable(changesTable(improvements))}`);
    if (added.length > 0) parts.push(`<h3>New metrics</h3>${htmlTable(changesTable(added))}`);
    parts.push(`<p>If these changes are intended, bless them as the new baseline:</p><pre><code>${e(options.blessCommand ?? DEFAULT_BLESS_COMMAND)}</code></pre>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

function marketsSection(results: SuiteResults): string {
  const rules = results.matrix.rules.map((r) => r.name);
  const kinds = new Map(results.matrix.scenarios.map((s) => [s.name, s.attack]));
  if (results.series.length === 0) return `<section id="markets"><h2>Markets</h2><p class="muted">No series in these results.</p></section>`;
  const charts = results.series.map((s, i) => {
    const c = marketChart(s, rules, `market-${i}`);
    const zoomWindow = incidentWindow(s);
    const zoom = zoomWindow === null ? null : marketChart(s, rules, `market-${i}-zoom`, zoomWindow);
    const attack = kinds.get(s.scenario) ?? s.incidents.some((x) => x.kind === 'attack');
    const legend = [
      `<span>${swatch(ATTACK_FILL, 0.25)}attack window</span>`,
      `<span>${swatch(ORGANIC_FILL, 0.3)}organic window</span>`,
      `<span>${lineSwatch(HARM, true)}harm point</span>`,
      `<span>${lineSwatch(STORY, true)}story start</span>`,
      `<span>${swatch('#59a14f', 0.7)}bought by takers</span>`,
      `<span>${swatch('#e15759', 0.55)}sold by takers</span>`,
      ...c.rules.map((r) => `<span>${ruleSwatch(rules.includes(r) ? rules.indexOf(r) : rules.length)}${e(r)}</span>`),
    ].join('');
    return `<figure class="market-figure">
<figcaption><h3>${e(s.scenario)} <span class="tag ${attack ? 'attack' : 'organic'}">${kindLabel(attack)}</span></h3><span class="muted">${e(s.symbol)} · seed ${s.seed} · tick ${e(s.tickSize)} · ${s.alerts.length} alerts by all rules</span></figcaption>
<div class="chart-wrap">${c.svg}</div>
${zoom === null ? '' : `<p class="zoom-title">Close-up of the incident window</p><div class="chart-wrap">${zoom.svg}</div>${zoom.notes.length > 0 ? `<p class="note">${zoom.notes.map(e).join(' ')}</p>` : ''}`}
<div class="legend-row">${legend}</div>
${c.notes.length > 0 ? `<p class="note">${c.notes.map(e).join(' ')} Marker opacity follows the alert score; hover a marker for details.</p>` : '<p class="note">Marker opacity follows the alert score; hover a marker for details.</p>'}
</figure>`;
  });
  return `<section id="markets"><h2>Markets</h2><p class="muted">Each scenario at its first seed: the coin's price (close, with the high–low band), volume, and every alert by rule.</p>\n${charts.join('\n')}\n</section>`;
}

function rocSection(results: SuiteResults): string {
  return `<section id="roc"><h2>Separability (ROC)</h2>
<p class="muted">Each rule's highest alert score per run as the threshold falls: attack runs flagged against organic runs flagged. ${results.runs.filter((r) => r.attack).length} attack runs, ${results.runs.filter((r) => !r.attack).length} organic runs. Lines are nudged a pixel or two apart so identical curves stay visible.</p>
<div class="chart-wrap">${rocChart(results.rules)}</div></section>`;
}

function heatmapSection(results: SuiteResults): string {
  return `<section id="heatmap"><h2>Rules × scenarios</h2>
<p class="legend-row"><span>${swatch(GOOD)}attack scenarios: share of attacks detected</span><span>${swatch(BAD)}organic scenarios: honest accounts named per run</span></p>
<div class="chart-wrap">${heatmap(results)}</div></section>`;
}

function policiesSection(results: SuiteResults): string {
  if (results.matrix.policies.length === 0) return '';
  const attackRuns = results.runs.filter((r) => r.attack).length;
  const organicRuns = results.runs.length - attackRuns;
  const pool = harmPool(results) === '*organic' ? 'organic' : 'attack';
  return `<section id="policies"><h2>Response policies</h2>
<p class="muted">Every run again under each policy (closed loop, same seed), next to the same run without one (<code>none</code>). Attack columns are means per run over the ${attackRuns} attack runs, organic columns over the ${organicRuns} organic runs, with 95% intervals; prevented is against <code>none</code> at the same seed.</p>
<h3>Funds saved against honest users harmed</h3>
<div class="chart-wrap">${policyChart(results)}</div>
<p class="note">One point per policy; whiskers are 95% intervals. Up is more of the attacker's withdrawals stopped, right is more hours honest accounts spent restricted (in ${pool} runs). Hover a point for its numbers.</p>
<h3>Pooled over attack and organic scenarios</h3>${htmlTable(policyTable(results), undefined, 'stack')}
<details class="fold"><summary>Per scenario (policy × scenario)</summary><p class="muted">Means per run over the scenario's ${results.matrix.seeds.length} seeds.</p>${htmlTable(policyScenarioTable(results), undefined, 'stack')}</details>
<h3>Policies</h3>${htmlTable(policyListTable(results))}
</section>`;
}

function tablesSection(results: SuiteResults): string {
  const scenarios = results.matrix.scenarios
    .map((s) => `<h3>${e(s.name)} <span class="tag ${s.attack ? 'attack' : 'organic'}">${kindLabel(s.attack)}</span></h3>${htmlTable(scenarioTable(results, s.name, s.attack))}`)
    .join('\n');
  return `<section id="tables"><h2>Tables</h2>
<h3>Rules × scenarios</h3>${htmlTable(mainTable(results))}
<p class="note">${e(HEADLINE_LEGEND.attack)}; ${e(HEADLINE_LEGEND.organic)}.</p>
<h3>Per rule: separability and pooled summaries</h3>${htmlTable(ruleSummaryTable(results))}
<h2 class="sub">Per scenario, with 95% intervals</h2>
${scenarios}
<h3>Seeds and runs</h3><p class="muted">Seeds: ${results.matrix.seeds.join(', ')}</p>${htmlTable(seedsTable(results))}
</section>`;
}

/** The HTML report (module header). Same results and options, same bytes. */
export function renderHtml(results: SuiteResults, options: ReportOptions = {}): string {
  const body = [
    verdictSection(results, options.diff),
    options.diff ? diffSection(options.diff, options) : '',
    marketsSection(results),
    rocSection(results),
    heatmapSection(results),
    policiesSection(results),
    tablesSection(results),
  ]
    .filter((s) => s !== '')
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(`surveil ${VERDICT_TEXT[results.verdict]}: ${results.suite.name}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
<footer class="muted">surveil report · results schema ${results.schemaVersion}</footer>
</main>
</body>
</html>
`;
}
