import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { validateCommand, validateFiles } from '../../src/cli/commands/validate.js';
import { InputError } from '../../src/cli/errors.js';
import { loadYamlFile } from '../../src/scenario/yaml-load.js';
import { Example, validYaml } from './example-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const good = join(dir, 'good.yaml');
const bad = join(dir, 'bad.yaml');
const missing = join(dir, 'missing.yaml');
writeFileSync(good, validYaml);
writeFileSync(bad, validYaml.replace('warmup: 15m', 'warmpu: 15m').replace('count: 3', 'count: 0'));
const load = (file: string) => loadYamlFile(file, Example);

describe('validateFiles', () => {
  it('checks every file, even after one fails, and reports each problem', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const failed = await validateFiles([bad, good, missing], load, { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(failed).toBe(2);
    expect(out).toEqual([`ok  ${good}\n`]);
    expect(err).toEqual([
      `${bad}:5:1  unknown key "warmpu" (did you mean "warmup"?)\n${bad}:11:10  makers.count: expected a whole number of at least 1, got 0\n`,
      `${missing}: file not found\n`,
    ]);
  });

  it('reports input errors thrown after the schema (e.g. by compiling) against the file', async () => {
    const err: string[] = [];
    const failed = await validateFiles([good], () => Promise.reject(new InputError('tick size 0 must be positive')), {
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(failed).toBe(1);
    expect(err).toEqual([`${good}: tick size 0 must be positive\n`]);
  });

  it('lets bugs through', async () => {
    const boom = () => {
      throw new TypeError('boom');
    };
    await expect(validateFiles([good], boom, { out: () => undefined, err: () => undefined })).rejects.toThrow(TypeError);
  });
});

describe('surveil validate', () => {
  /** Runs the command as main.ts registers it; returns what it printed and threw. */
  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const cli = validateCommand(
      yargs(args)
        .strict()
        .fail((msg, e) => {
          throw e ?? new InputError(msg);
        }),
      load,
    );
    let thrown: unknown;
    try {
      await cli.parseAsync();
    } catch (e) {
      thrown = e;
    } finally {
      vi.restoreAllMocks();
    }
    return { out: out.join(''), err: err.join(''), thrown };
  }

  it('prints ok per good file and succeeds when all are valid', async () => {
    const r = await run(['validate', good, good]);
    expect(r.thrown).toBeUndefined();
    expect(r.out).toBe(`ok  ${good}\nok  ${good}\n`);
    expect(r.err).toBe('');
  });

  it('fails with an InputError (exit 2) after reporting every file', async () => {
    const r = await run(['validate', bad, good]);
    expect(r.thrown).toBeInstanceOf(InputError);
    expect((r.thrown as Error).message).toBe('1 of 2 files are invalid');
    expect(r.out).toBe(`ok  ${good}\n`);
    expect(r.err.split('\n')).toHaveLength(3);
  });

  it('needs at least one file', async () => {
    const r = await run(['validate']);
    expect(r.thrown).toBeInstanceOf(InputError);
  });
});
