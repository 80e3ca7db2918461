/**
 * `surveil run`, `validate`, `schema` and `list` as a user runs them: the
 * built CLI (dist/, built by `npm test` or `npm run build`) in a child
 * process, from the project folder, with CI=true.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_CATALOGUE } from '../../src/agents/index.js';
import { truthSchema } from '../../src/core/index.js';
import { surveil, type CliResult } from './cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'surveil-run-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI from the project folder, so `scenarios/...` paths work as in the README. */
const cli = (...args: string[]): CliResult => surveil(args, { cwd: root });
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** The hash `surveil run` printed on its `sha256    <hex>` line. */
const printedHash = (stdout: string) => /^sha256 {4}([0-9a-f]{64})$/m.exec(stdout)?.[1];

const SHIPPED = [
  'attack-during-rally',
  'compromised-key-pump',
  'copy-trading-followers',
  'leaked-platform-keys',
  'mimic-attack',
  'quiet-market',
  'slow-drain-attack',
  'whale-followers',
  'whale-thin-book',
];

describe('surveil run', () => {
  const first = join(tmp, 'quiet-1');
  const second = join(tmp, 'quiet-2');
  const gz = join(tmp, 'quiet-gz');
  let r1: CliResult;
  let r2: CliResult;
  let rgz: CliResult;
  beforeAll(() => {
    r1 = cli('run', 'scenarios/quiet-market.yaml', '--seed', '3', '--out', first);
    r2 = cli('run', 'scenarios/quiet-market.yaml', '--seed', '3', '--out', second);
    rgz = cli('run', 'scenarios/quiet-market.yaml', '--seed', '3', '--out', gz, '--gzip');
  }, 120_000);

  it('exits 0 and writes the four run files, nothing else (no temporary files left)', () => {
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    expect(readdirSync(first).sort()).toEqual(['events.jsonl', 'manifest.json', 'summary.json', 'truth.json']);
  });

  it('writes files that parse: the log starts with its header, then one event per line', () => {
    const lines = readFileSync(join(first, 'events.jsonl'), 'utf8').split('\n');
    expect(lines.at(-1), 'the log ends with a newline').toBe('');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'surveil-events', version: 2, scenario: 'quiet-market', seed: 3 });
    const events = lines.slice(1, -1).map((l) => JSON.parse(l) as { seq: number; t: number; type: string });
    expect(events.length).toBeGreaterThan(1000);
    expect(events[0]).toMatchObject({ seq: 0, t: 0 });
    expect(events.at(-1)!.seq).toBe(events.length - 1);

    const truth = truthSchema.parse(JSON.parse(readFileSync(join(first, 'truth.json'), 'utf8')));
    expect(truth).toMatchObject({ scenario: 'quiet-market', seed: 3, incidents: [], maliciousOrders: [] });
    const summary = JSON.parse(readFileSync(join(first, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ schemaVersion: 1, scenario: 'quiet-market', seed: 3, events: events.length, incidents: [] });
    const manifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ tool: 'surveil', scenario: 'quiet-market', seed: 3 });
    expect(manifest.scenarioSha256).toBe(sha256(readFileSync(join(root, 'scenarios/quiet-market.yaml'))));
    expect(summary.eventLogSha256).toBe(printedHash(r1.stdout));
    expect(manifest.eventLogSha256).toBe(printedHash(r1.stdout));
  });

  it('prints the SHA-256 of events.jsonl', () => {
    expect(r1.stdout).toMatch(/^scenario {2}quiet-market {2}seed 3$/m);
    expect(printedHash(r1.stdout)).toBe(sha256(readFileSync(join(first, 'events.jsonl'))));
  });

  it('gives the same hash and the same bytes when run again to another folder', () => {
    expect(r2.code).toBe(0);
    expect(printedHash(r2.stdout)).toBe(printedHash(r1.stdout));
    expect(readFileSync(join(second, 'events.jsonl')).equals(readFileSync(join(first, 'events.jsonl')))).toBe(true);
  });

  it('--gzip writes events.jsonl.gz holding the same log, and prints the same hash', () => {
    expect(rgz.stderr).toBe('');
    expect(rgz.code).toBe(0);
    expect(readdirSync(gz).sort()).toEqual(['events.jsonl.gz', 'manifest.json', 'summary.json', 'truth.json']);
    expect(gunzipSync(readFileSync(join(gz, 'events.jsonl.gz'))).equals(readFileSync(join(first, 'events.jsonl')))).toBe(true);
    expect(printedHash(rgz.stdout)).toBe(printedHash(r1.stdout));
  });

  it('--gzip-level 1 compresses less but holds the same log and hash; a level outside 1-9 exits 2 and writes nothing', () => {
    const fast = join(tmp, 'quiet-gz1');
    const r = cli('run', 'scenarios/quiet-market.yaml', '--seed', '3', '--out', fast, '--gzip', '--gzip-level', '1');
    expect(r.code).toBe(0);
    const level1 = readFileSync(join(fast, 'events.jsonl.gz'));
    expect(gunzipSync(level1).equals(readFileSync(join(first, 'events.jsonl')))).toBe(true);
    expect(level1.length).toBeGreaterThan(readFileSync(join(gz, 'events.jsonl.gz')).length);
    expect(printedHash(r.stdout)).toBe(printedHash(r1.stdout));
    const bad = join(tmp, 'quiet-gz0');
    const r0 = cli('run', 'scenarios/quiet-market.yaml', '--out', bad, '--gzip', '--gzip-level', '0');
    expect(r0.code).toBe(2);
    expect(r0.stderr).toContain('--gzip-level');
    expect(existsSync(bad)).toBe(false);
  });
});

describe('an invalid scenario', () => {
  // A copy of scenarios/leaked-platform-keys.yaml (kept here so the positions
  // below do not move when the shipped file does) with four mistakes:
  //   line 18: a float where an exact decimal string is needed (price: 0.07)
  //   line 34: a story names a platform that is not declared (3c-lkie)
  //   line 35: an unknown key (activeKeyShar)
  //   line 38: a duration that is not one (3secs)
  const broken = `# yaml-language-server: $schema=../schema/scenario.schema.json
name: leaked-platform-keys
description: >
  API keys leaked from a third-party trading platform are used through the
  platform's own servers: old keys, the same IPs as the platform's honest
  users, some of them in daily use. Victims are driven to buy a thin coin
  into the attacker's asks over about ten minutes.
models: >
  3Commas key leak, December 2022: about 100,000 keys leaked; tens of verified
  victims lost $14.8M; keys were old (one two years) and used through the
  platform's servers.
warmup: 3d
duration: 3h
market:
  quote: { asset: BTC, decimals: 8, confirmation: 10m, withdrawalDelay: 5m }
  coin: { asset: ALT, price: { uniform: ["0.00005000", "0.00030000"] }, tickSize: "0.00000001", lotSize: "1" }
  majors:
    - { asset: ETH, price: 0.07, tickSize: "0.000001", lotSize: "0.01" }
    - { asset: LTC, price: "0.02", tickSize: "0.000001", lotSize: "0.01" }
  coinMaker:
    halfSpreadBps: { uniform: [40, 90] }
    levelValue: { uniform: ["0.03", "0.06"] }
  followers: {}
population:
  accounts: { uniform: [250, 350] }
  platformShare: 0.4
platforms:
  - { name: 3c-like, serverIps: 6 }
stories:
  - attack:
      at: { uniform: [40m, 100m] }
      window: { uniform: [5m, 12m] }
      keys: platform-leak
      platform: 3c-lkie
      activeKeyShar: 0.4
      victims: { uniform: [20, 40] }
      attackers: { uniform: [5, 15] }
      gap: 3secs
`;
  const file = join(tmp, 'broken.yaml');
  const out = join(tmp, 'broken-out');
  writeFileSync(file, broken);
  const expected = [
    `${file}:18:28  market.majors[0].price: write decimals as quoted strings, e.g. "0.07", so no float rounding happens`,
    `${file}:34:17  stories[0].attack.platform: no platform "3c-lkie" in \`platforms\` ("3c-like")`,
    `${file}:35:7  stories[0].attack: unknown key "activeKeyShar" (did you mean "activeKeyShare"?)`,
    `${file}:38:12  stories[0].attack.gap: "3secs" is not a duration (use e.g. 500ms, 90s, 15m, 2h, 3d)`,
  ];
  /** The `file:line:col  path: message` lines of stderr (the rest is the closing summary). */
  const problemLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith(`${file}:`));

  it('surveil validate exits 2 and lists every problem with its line and column', () => {
    const r = cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(problemLines(r.stderr)).toEqual(expected);
  });

  it('surveil run exits 2, lists every problem, and writes nothing', () => {
    const r = cli('run', file, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(existsSync(out), 'the --out folder was created').toBe(false);
    expect(problemLines(r.stderr)).toEqual(expected);
  });

  it('points at an undeclared platform on its own', () => {
    // The same position as in the list above, checked alone: cross-references
    // are checked after the fields, so this one is the easiest to lose.
    const single = join(tmp, 'platform-only.yaml');
    writeFileSync(single, broken.replace('price: 0.07', 'price: "0.07"').replace('activeKeyShar', 'activeKeyShare').replace('3secs', '3s'));
    const r = cli('validate', single);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith(`${single}:`))).toEqual([
      `${single}:34:17  stories[0].attack.platform: no platform "3c-lkie" in \`platforms\` ("3c-like")`,
    ]);
  });

  it('a missing file: exit 2, naming the file, for run and validate', () => {
    const missing = join(tmp, 'no-such-scenario.yaml');
    const run = cli('run', missing, '--out', join(tmp, 'missing-out'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${missing}: file not found`);
    expect(existsSync(join(tmp, 'missing-out'))).toBe(false);
    const validate = cli('validate', missing);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain(`${missing}: file not found`);
  });
});

describe('surveil validate, schema, list', () => {
  it('validate passes every shipped scenario and prints ok for each', () => {
    const files = readdirSync(join(root, 'scenarios'))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => `scenarios/${f}`);
    expect(files).toHaveLength(SHIPPED.length);
    const r = cli('validate', ...files);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(files.map((f) => `ok  ${f}`));
  });

  it.each([
    ['scenario', 'schema/scenario.schema.json'],
    ['policy', 'schema/policy.schema.json'],
    ['events', 'schema/events.schema.json'],
    ['suite', 'schema/suite.schema.json'],
  ])('schema %s prints the committed %s', (what, committed) => {
    const r = cli('schema', what);
    expect(r.code).toBe(0);
    expect(
      r.stdout,
      `${committed} is out of date: regenerate it with \`npm run build && node dist/src/cli/main.js schema ${what} > ${committed}\` and commit it`,
    ).toBe(readFileSync(join(root, committed), 'utf8'));
  });

  it('list agents names every agent kind', () => {
    const r = cli('list', 'agents');
    expect(r.code).toBe(0);
    const kinds = r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith(' '));
    expect(kinds).toEqual(AGENT_CATALOGUE.map((a) => a.kind));
    expect(kinds).toEqual(
      expect.arrayContaining(['market-maker', 'noise-trader', 'whale', 'copy-trading', 'attacker', 'cash-out']),
    );
  });

  it('list scenarios names all nine shipped scenarios', () => {
    const r = cli('list', 'scenarios');
    expect(r.code).toBe(0);
    const names = r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith(' '));
    expect(names).toEqual(SHIPPED);
  });
});
