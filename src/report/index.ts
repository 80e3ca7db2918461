/**
 * Public face of report/: a suite's results as text for people and CI —
 * Markdown (PR comment, job summary), self-contained HTML with SVG charts,
 * JUnit XML and a long-format metrics CSV. Pure: every function returns a
 * string; the CLI writes the files.
 */
export { renderMarkdown, GITHUB_COMMENT_LIMIT } from './markdown.js';
export { renderJunit } from './junit.js';
export { metricsCsv, METRICS_CSV_COLUMNS } from './csv.js';
export { escapeHtml, escapeXml, escapeMarkdown } from './escape.js';
export { DEFAULT_BLESS_COMMAND, type ReportOptions, type JunitOptions } from './options.js';
export { renderHtml } from './html.js';
