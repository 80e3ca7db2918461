import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, formatPath, formatProblem, suggest } from '../../src/scenario/errors.js';
import { isDist } from '../../src/scenario/dist.js';
import { loadYamlFile, parseYamlText } from '../../src/scenario/yaml-load.js';
import { Example, validYaml } from './example-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a fixture and returns its path. */
function fixture(name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The formatted problem lines of loading `path`, with the temp dir shortened to its file name. */
function problemLines(path: string, schema: z.ZodType = Example): string[] {
  try {
    loadYamlFile(path, schema);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.message).toBe(e.problems.map(formatProblem).join('\n'));
    return e.message.split('\n').map((l) => l.replace(`${dir}/`, ''));
  }
  throw new Error(`${path} loaded without problems`);
}

describe('loading a valid file', () => {
  it('returns the schema output, durations in ms, decimals as text, dists tagged', () => {
    const config = loadYamlFile(fixture('valid.yaml', validYaml), Example);
    expect(config.duration).toBe(7_200_000);
    expect(config.warmup).toBe(900_000);
    expect(config.market).toEqual({ symbol: 'THIN/USDT', tickSize: '0.0001', lotSize: '0.1' });
    expect(isDist(config.makers.cancelRate)).toBe(true);
    expect(config.makers.cancelRate).toMatchObject({ kind: 'uniform', lo: 0.1, hi: 0.3 });
    expect(config.stories).toHaveLength(2);
    expect(config.stories[1]).toMatchObject({ attack: { at: 5_400_000, limitPrice: '0.0150', victims: { kind: 'choice', values: [20, 40, 80] } } });
  });

  it('accepts a UTF-8 byte order mark and non-ASCII text', () => {
    const text = `\uFEFF${validYaml.replace('name: whale-pump', 'name: "baleine – pompe"')}`;
    expect(loadYamlFile(fixture('bom.yaml', text), Example).name).toBe('baleine – pompe');
  });
});

describe('reporting every problem at once, as file:line:col  path: message', () => {
  it('points at values, unknown keys, and maps that lack a key', () => {
    const text = [
      /*  1 */ 'name: whale-pump',
      /*  2 */ 'warmpu: 15m',
      /*  3 */ 'duration: 12',
      /*  4 */ 'market:',
      /*  5 */ '  symbol: THIN/USDT',
      /*  6 */ '  tickSize: 0.00025',
      /*  7 */ 'makers:',
      /*  8 */ '  count: 3',
      /*  9 */ '  spread: 25.5',
      /* 10 */ '  cancelRate: { unifrom: [0.1, 0.3] }',
      /* 11 */ '  size: { uniform: ["2", "1"] }',
      /* 12 */ 'stories:',
      /* 13 */ '  - organic:',
      /* 14 */ '      at: 1h',
      /* 15 */ '  - attack:',
      /* 16 */ '      at: 90x',
      /* 17 */ '      victims: 12.5',
      /* 18 */ '      limitPrice: "0.015"',
      /* 19 */ '      channel: apj',
      /* 20 */ '  - attak: { at: 1h }',
      /* 21 */ '  - organic: { at: 1h, followers: [1, 2] }',
      /* 22 */ '  - 5',
      '',
    ].join('\n');
    expect(problemLines(fixture('many.yaml', text))).toEqual([
      'many.yaml:2:1  unknown key "warmpu" (did you mean "warmup"?)',
      'many.yaml:3:11  duration: expected a duration like 90s, got 12',
      'many.yaml:5:3  market: missing required key "lotSize"',
      'many.yaml:6:13  market.tickSize: write decimals as quoted strings, e.g. "0.00025", so no float rounding happens',
      'many.yaml:9:11  makers.spread: expected whole basis points from 0 to 10000, got 25.5',
      'many.yaml:10:17  makers.cancelRate: unknown key "unifrom" (did you mean "uniform"?)',
      'many.yaml:11:20  makers.size.uniform: lo "2" is above hi "1"',
      'many.yaml:16:11  stories[1].attack.at: "90x" is not a duration (use e.g. 500ms, 90s, 15m, 2h, 3d)',
      'many.yaml:17:16  stories[1].attack.victims: expected a whole number of at least 1, got 12.5',
      'many.yaml:19:16  stories[1].attack.channel: expected one of "api", "web" or "app", got "apj" (did you mean "api"?)',
      'many.yaml:20:5  stories[2]: unknown key "attak" (did you mean "attack"?)',
      'many.yaml:21:35  stories[3].organic.followers: expected a whole number or a distribution such as { uniform: [lo, hi] }, got a list',
      'many.yaml:22:5  stories[4]: expected a map, got 5',
    ]);
  });

  it('carries structured problems', () => {
    const path = fixture('one.yaml', validYaml.replace('warmup: 15m', 'warmup: soon'));
    try {
      loadYamlFile(path, Example);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual([
        { file: path, line: 5, col: 9, path: 'warmup', message: '"soon" is not a duration (use e.g. 500ms, 90s, 15m, 2h, 3d)' },
      ]);
    }
  });

  it('inside union items: picks the form the item was meant to be', () => {
    const stories = (items: string) => validYaml.replace(/stories:[\s\S]*$/, `stories:\n${items}`);
    expect(
      problemLines(
        fixture(
          'stories.yaml',
          stories(
            [
              /* 16 */ '  - attack: { at: 1h, victims: 3 }',
              /* 17 */ '  - {}',
              /* 18 */ '  - organic: { at: 1h }',
              /* 19 */ '    attack: { at: 1h, victims: 3, limitPrice: "1" }',
              /* 20 */ '  - organic: { at: 1h, followers: { uniform: [1, 2], normal: { mean: 1, sd: 1 } } }',
              /* 21 */ '  - organic: { at: 1h, followers: { normal: { mean: 1, sd: 1, mni: 0 } } }',
              /* 22 */ '  - organic: { at: 1h, followers: { logUniform: [1] }, extra: 1 }',
              /* 23 */ '  - organic:',
              /* 24 */ '      at:',
              '',
            ].join('\n'),
          ),
        ),
      ),
    ).toEqual([
      'stories.yaml:16:13  stories[0].attack: missing required key "limitPrice"',
      'stories.yaml:17:5  stories[1]: needs one of the keys "attack" or "organic"',
      'stories.yaml:18:5  stories[2]: use only one of "attack" or "organic"',
      'stories.yaml:20:35  stories[3].organic.followers: use only one of "normal" or "uniform"',
      'stories.yaml:21:63  stories[4].organic.followers.normal: unknown key "mni" (did you mean "min"?)',
      'stories.yaml:22:49  stories[5].organic.followers.logUniform: needs at least 2 items, got 1 item',
      'stories.yaml:22:56  stories[5].organic: unknown key "extra"',
      'stories.yaml:24:7  stories[6].organic.at: expected a duration like 90s, got an empty value',
    ]);
  });

  it('reports every YAML syntax error with its position, and no schema problems after one', () => {
    const text = 'name: x\nmarket: [1, 2\nduration: 1h\nstories: "open\n';
    expect(problemLines(fixture('syntax.yaml', text))).toEqual([
      'syntax.yaml:3:1  YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
      // yaml places an unclosed quote at the end of the input.
      'syntax.yaml:5:1  YAML: missing closing "quote',
    ]);
  });

  it('treats duplicate keys as errors, alongside schema problems', () => {
    const text = validYaml.replace('  lotSize: "0.1"\n', '  lotSize: "0.1"\n  tickSize: "0.01"\n').replace('seed: 7\n', 'seed: 7\nseed: 8\n');
    expect(problemLines(fixture('dup.yaml', text))).toEqual(['dup.yaml:4:1  duplicate key "seed"', 'dup.yaml:11:3  market: duplicate key "tickSize"']);
    const withSchemaProblem = text.replace('count: 3', 'count: three');
    expect(problemLines(fixture('dup2.yaml', withSchemaProblem))).toEqual([
      'dup2.yaml:4:1  duplicate key "seed"',
      'dup2.yaml:11:3  market: duplicate key "tickSize"',
      'dup2.yaml:13:10  makers.count: expected a whole number of at least 1, got "three"',
    ]);
  });

  it('refuses several documents, unknown tags and exotic values', () => {
    expect(problemLines(fixture('two.yaml', `${validYaml}---\nname: again\n`))).toEqual([
      'two.yaml:24:1  YAML: a file holds one document; remove the second "---"',
    ]);
    expect(problemLines(fixture('tag.yaml', validYaml.replace('name: whale-pump', 'name: !secret whale-pump')))).toEqual([
      'tag.yaml:2:7  YAML: unresolved tag: !secret',
    ]);
    expect(problemLines(fixture('bin.yaml', validYaml.replace('name: whale-pump', 'name: !!binary aGVsbG8=')))).toEqual([
      'bin.yaml:2:16  name: unsupported YAML value (binary data); use plain maps, lists, strings, numbers and booleans',
    ]);
  });

  it('points an aliased value at the alias', () => {
    const text = validYaml.replace('warmup: 15m', 'warmup: &w 15m').replace('      at: 1h\n', '      at: *w\n').replace('count: 3', 'count: *w');
    expect(problemLines(fixture('alias.yaml', text))).toEqual(['alias.yaml:11:10  makers.count: expected a whole number of at least 1, got "15m"']);
  });

  it('names files that cannot be read', () => {
    expect(problemLines(join(dir, 'nope.yaml'))).toEqual(['nope.yaml: file not found']);
    mkdirSync(join(dir, 'folder.yaml'));
    expect(problemLines(join(dir, 'folder.yaml'))).toEqual(['folder.yaml: is a directory, not a file']);
    expect(problemLines(fixture('latin1.yaml', Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a])))).toEqual([
      'latin1.yaml: is not UTF-8 text',
    ]);
    expect(problemLines(fixture('empty.yaml', '# nothing here\n'))).toEqual(['empty.yaml:1:1  the file is empty']);
    expect(problemLines(fixture('list.yaml', '- 1\n'))).toEqual(['list.yaml:1:1  expected a map, got a list']);
  });

  it('parseYamlText names the file it is given', () => {
    expect(() => parseYamlText('name: [', 'inline.yaml', z.strictObject({ name: z.string() }))).toThrow(/^inline\.yaml:1:8  YAML: /);
    expect(parseYamlText('name: x', 'inline.yaml', z.strictObject({ name: z.string() }))).toEqual({ name: 'x' });
  });
});

describe('helpers', () => {
  it('formats paths as users read them', () => {
    expect(formatPath(['stories', 1, 'attack', 'at'])).toBe('stories[1].attack.at');
    expect(formatPath([])).toBe('');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['limits', 'max size'])).toBe('limits["max size"]');
  });

  it('suggests close keys only', () => {
    expect(suggest('warmpu', ['warmup', 'duration'])).toBe('warmup');
    expect(suggest('Duration', ['warmup', 'duration'])).toBe('duration');
    expect(suggest('seeds', ['seed', 'speed'])).toBe('seed');
    expect(suggest('x', ['a', 'b'])).toBeUndefined();
    expect(suggest('banana', ['warmup', 'duration'])).toBeUndefined();
  });

  it('formats problems without a position or a path', () => {
    expect(formatProblem({ file: 'a.yaml', line: 0, col: 0, path: '', message: 'file not found' })).toBe('a.yaml: file not found');
    expect(formatProblem({ file: 'a.yaml', line: 1, col: 1, path: '', message: 'the file is empty' })).toBe('a.yaml:1:1  the file is empty');
    expect(formatProblem({ file: 'a.yaml', line: 3, col: 5, path: 'x.y', message: 'm' })).toBe('a.yaml:3:5  x.y: m');
  });
});
