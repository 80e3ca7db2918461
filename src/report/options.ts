import type { BaselineDiff } from '../evaluate/index.js';

/** What the Markdown and HTML reports take besides the results. */
export interface ReportOptions {
  /** The comparison with the committed baseline, when there is one. */
  diff?: BaselineDiff | null;
  /** Where the HTML report is (a path or URL): the Markdown points to it. */
  htmlPath?: string;
  /** The command that blesses the current metrics as the new baseline. */
  blessCommand?: string;
}

/** What the JUnit report takes besides the results. */
export interface JunitOptions {
  diff?: BaselineDiff | null;
}

export const DEFAULT_BLESS_COMMAND = 'surveil baseline update';

export const VERDICT_TEXT = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;
