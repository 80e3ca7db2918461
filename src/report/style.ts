/** The HTML report's stylesheet: system fonts, light theme, no external resource. */
export const STYLE = `
:root { --fg: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #ffffff; --panel: #f8f9fb; --good: #1a7f37; --bad: #b3261e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h2.sub { font-size: 16px; border: 0; margin-top: 28px; }
h3 { font-size: 15px; margin: 22px 0 8px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; }
header { display: flex; gap: 18px; align-items: flex-start; padding: 18px; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; }
.verdict { font-weight: 700; font-size: 18px; letter-spacing: 0.06em; padding: 10px 16px; border-radius: 8px; color: #fff; min-width: 88px; text-align: center; }
.verdict.pass { background: var(--good); } .verdict.warn { background: #bf8700; } .verdict.fail { background: var(--bad); }
.description { margin: 4px 0; }
.muted { color: var(--muted); }
.bad-text { color: var(--bad); font-weight: 600; }
.ok { color: var(--good); font-weight: 600; }
ul.failed { padding-left: 20px; } ul.failed li { margin: 3px 0; }
li.bad strong { color: var(--bad); } li.warn strong { color: var(--warn); }
.table-wrap { overflow-x: auto; margin: 8px 0 12px; }
table { border-collapse: collapse; font-size: 13px; min-width: 50%; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; white-space: normal; min-width: 64px; max-width: 240px; vertical-align: bottom; }
td { white-space: nowrap; } td:last-child { white-space: normal; min-width: 160px; }
.ci { color: var(--muted); font-size: 11.5px; }
.zoom-title { font-size: 12.5px; font-weight: 600; color: var(--muted); margin: 14px 0 2px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } td.num { white-space: nowrap; }
tr.bad td { background: #fdecea; } tr.warn td { background: #fff8e1; } tr.good td:first-child { color: var(--good); } tr.muted td { color: var(--muted); }
tr.bad td:first-child { color: var(--bad); font-weight: 600; } tr.warn td:first-child { color: var(--warn); font-weight: 600; }
.tag { font-size: 11px; font-weight: 600; padding: 1px 7px; border-radius: 10px; vertical-align: middle; text-transform: uppercase; letter-spacing: 0.04em; }
.tag.attack { background: #fdecea; color: var(--bad); } .tag.organic { background: #fff4e0; color: #8a5a00; }
figure.market-figure { margin: 18px 0 28px; padding: 12px 14px; border: 1px solid var(--line); border-radius: 10px; }
figcaption h3 { margin: 0 0 2px; }
.chart-wrap { overflow-x: auto; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
.legend-row { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 12.5px; color: var(--muted); margin: 6px 0 0; }
.legend-row span { display: inline-flex; align-items: center; gap: 5px; }
svg.swatch { display: inline-block; vertical-align: middle; }
.note { font-size: 12.5px; color: var(--muted); margin: 6px 0 0; }
.grid { stroke: #eef0f3; stroke-width: 1; }
.frame { fill: none; stroke: #cfd4da; stroke-width: 1; }
.axis { stroke: #9aa5b1; }
.tick { font-size: 11px; fill: var(--muted); }
.axis-label { font-size: 11px; fill: var(--muted); font-weight: 600; }
.band { fill: #4e79a7; fill-opacity: 0.16; stroke: none; }
.price { fill: none; stroke: #2f5d8a; stroke-width: 1.6; stroke-linejoin: round; }
.peak { fill: #2f5d8a; }
.vol-buy { fill: #59a14f; fill-opacity: 0.75; }
.vol-sell { fill: #e15759; fill-opacity: 0.6; }
.lane { stroke: #eef0f3; }
.lane-label { font-size: 11.5px; fill: var(--fg); }
.alert { stroke-width: 1; }
.story { stroke: #5f6b7a; stroke-width: 1.2; stroke-dasharray: 4 3; }
.harm { stroke: #b3261e; stroke-width: 1.6; stroke-dasharray: 5 3; }
.marker-label { font-size: 11px; font-weight: 600; }
.chance { stroke: #9aa5b1; stroke-dasharray: 4 4; }
.roc { fill: none; stroke-width: 2.2; stroke-opacity: 0.85; stroke-linejoin: round; }
.legend { font-size: 12px; fill: var(--fg); } .legend.num { fill: var(--muted); font-variant-numeric: tabular-nums; }
.col-label, .row-label { font-size: 12px; fill: var(--fg); }
.cell-text { font-size: 12px; font-weight: 600; fill: #1f2933; font-variant-numeric: tabular-nums; } .cell-text.dark { fill: #ffffff; }
.whisker { stroke-width: 1.5; stroke-opacity: 0.7; }
.point-label { font-size: 11.5px; fill: var(--fg); font-weight: 600; }
details.fold { margin: 10px 0; } details.fold summary { cursor: pointer; font-weight: 600; margin: 6px 0; }
tr.group th { text-align: center; border-bottom: 2px solid var(--line); font-size: 12px; color: var(--muted); vertical-align: bottom; } tr.group th.blank { background: none; }
table.stack .ci { display: block; } table.stack { font-size: 12.5px; } table.stack th, table.stack td { padding: 5px 6px; } table.stack th { min-width: 52px; } table.stack td:last-child { white-space: nowrap; min-width: 0; }
table.gates td:nth-child(3) { white-space: normal; min-width: 180px; max-width: 300px; }
footer { margin-top: 40px; font-size: 12px; }
`;
