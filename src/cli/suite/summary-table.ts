/**
 * The terminal summary of a comparison: one row per rule, one column per
 * scenario. Attack scenarios show "caught before harm / caught" over seeds;
 * organic scenarios show honest accounts named per run, the harm side.
 * Then the pooled separability and the gates.
 */
import type { SuiteResults } from '../../evaluate/index.js';

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);

export function summaryTable(results: SuiteResults): string {
  const scenarios = results.matrix.scenarios;
  const header = ['rule', ...scenarios.map((s) => `${s.name}${s.attack ? '' : ' (organic)'}`), 'ROC AUC'];
  const rows = results.matrix.rules.map((r) => {
    const summary = results.rules.find((x) => x.rule === r.name);
    return [
      r.name,
      ...scenarios.map((s) => {
        const c = results.cells.find((x) => x.rule === r.name && x.scenario === s.name);
        if (c === undefined) return '';
        if (s.attack) {
          // Symbol-level rules name no account: their catches are shown apart, as DESIGN.md counts them.
          const sym = c.detectionSymbolOnly.rate ?? 0;
          return `${pct(c.beforeHarm.rate)}/${pct(c.detection.rate)}${sym > 0 ? ` sym ${pct(sym)}` : ''}`;
        }
        return c.honestNamed.mean === null ? '-' : c.honestNamed.mean.toFixed(1);
      }),
      summary?.separability.rocAuc === null || summary === undefined ? '-' : summary.separability.rocAuc.toFixed(3),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `${results.suite.name}: ${results.matrix.scenarios.length} scenario(s) x ${results.matrix.seeds.length} seed(s) x ${results.matrix.rules.length} rule(s) = ${results.runs.length} run(s)`,
    'attack scenarios: caught before harm / caught (sym: symbol-level alerts only); organic: honest accounts named per run',
    line(header),
    ...rows.map(line),
  ];
  if (results.policies.length > 0) out.push('', ...policyLines(results));
  if (results.gates.length > 0) {
    out.push('', 'gates:');
    for (const g of results.gates) out.push(`  ${g.pass ? 'pass' : g.level === 'error' ? 'FAIL' : 'warn'}  ${g.name}: ${g.detail}`);
  }
  out.push('', `verdict: ${results.verdict}`);
  return `${out.join('\n')}\n`;
}

/** One line per response policy: what it saved in the attack scenarios, whom it restricted in the organic ones. */
function policyLines(results: SuiteResults): string[] {
  const money = (units: number | null, decimals: number) => (units === null ? '-' : (units / 10 ** decimals).toFixed(2));
  const hours = (h: number | null) => (h === null ? '-' : h.toFixed(1));
  const rows = [['policy', 'attacker withdrew', 'prevented', 'victims net loss', 'honest restricted (organic)', 'honest hours (organic)']];
  for (const p of ['none', ...results.matrix.policies.map((x) => x.name)]) {
    const a = results.policies.find((x) => x.policy === p && x.scenario === '*attack');
    const o = results.policies.find((x) => x.policy === p && x.scenario === '*organic');
    const d = a?.quoteDecimals ?? 0;
    const q = a?.quoteAsset ?? '';
    rows.push([
      p,
      a === undefined ? '-' : `${money(a.impact.attackerProceedsWithdrawn.mean, d)} ${q}`,
      a === undefined ? '-' : `${money(a.proceedsPrevented.mean, d)} ${q}`,
      a === undefined ? '-' : `${money(a.impact.victimLossNet.mean, d)} ${q}`,
      o === undefined ? '-' : (o.impact.honestRestricted.mean ?? 0).toFixed(1),
      o === undefined ? '-' : hours(o.impact.honestRestrictionHours.mean),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return [
    'response policies (means per run; attack columns over the attack scenarios, honest columns over the organic ones):',
    ...rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')),
  ];
}
