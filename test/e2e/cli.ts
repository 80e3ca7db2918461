/** Runs the built CLI as a user would (`npm test` builds dist/ first). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const mainJs = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function surveil(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [mainJs, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, CI: 'true', ...options.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
