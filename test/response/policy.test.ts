import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DetectorRegistry } from '../../src/detect/index.js';
import { actionsFor, policyRules, policySchemaFor } from '../../src/response/index.js';
import { ConfigError, formatProblem, loadYamlFile, parseYamlText } from '../../src/scenario/index.js';

const registry = new DetectorRegistry();
const schema = policySchemaFor(registry);

function problems(text: string): string[] {
  try {
    parseYamlText(text, 'p.yaml', schema);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map(formatProblem);
  }
  throw new Error('loaded without problems');
}

const minimal = `name: p
trigger:
  rules: [deposit-linkage]
actions:
  suspendWithdrawals: true
`;

describe('policy schema', () => {
  it('fills defaults and parses durations to ms', () => {
    const p = parseYamlText(minimal, 'p.yaml', schema);
    expect(p.reactionDelay).toBe(0);
    expect(p.lookback).toBe(3_600_000);
    expect(p.caseGap).toBe(3_600_000);
    expect(p.trigger.minScore).toBe(0);
    expect(p.actions).toEqual({ suspendWithdrawals: true, withdrawalOnly: false, freeze: false, revokeKeys: false, cancelOrders: false });
    expect(p.review).toBeUndefined();
    const q = parseYamlText(`${minimal}reactionDelay: 1m30s\nreview: { delay: 2h }\n`, 'p.yaml', schema);
    expect(q.reactionDelay).toBe(90_000);
    expect(q.review).toEqual({ delay: 7_200_000, accuracy: 1 });
  });

  it('reports every problem at once with file:line:col', () => {
    const text = `name: p
trigger:
  rules: [no-such-rule, { detector: rush-orders, params: { nameTopBuyers: 99 } }]
  minScore: 2
reactionDelay: 12
actions:
  suspendWithdrawal: true
  haltSymbol: soon
review: { delay: 1h, accuracy: 1.5 }
`;
    expect(problems(text)).toEqual([
      expect.stringMatching(/^p\.yaml:3:11  trigger\.rules\[0\]: no detector "no-such-rule" \(known: rush-orders, /),
      'p.yaml:3:75  trigger.rules[1].params.nameTopBuyers: Too big: expected number to be <=20',
      'p.yaml:4:13  trigger.minScore: must be at most 1, got 2',
      'p.yaml:5:16  reactionDelay: expected a duration like 90s, got 12',
      'p.yaml:7:3  actions: unknown key "suspendWithdrawal" (did you mean "suspendWithdrawals"?)',
      'p.yaml:8:15  actions.haltSymbol: "soon" is not a duration (use e.g. 500ms, 90s, 15m, 2h, 3d)',
      'p.yaml:9:32  review.accuracy: must be at most 1, got 1.5',
    ]);
  });

  it('requires a name, a trigger with rules and actions', () => {
    const lines = problems('name: p\ntrigger: { rules: [] }\n');
    expect(lines.some((l) => l.includes('actions'))).toBe(true);
    expect(lines.some((l) => l.includes('trigger.rules'))).toBe(true);
  });

  it('rejects two rules with the same label', () => {
    const lines = problems('name: p\ntrigger: { rules: [rush-orders, { detector: rush-orders }] }\nactions: {}\n');
    expect(lines.join('\n')).toMatch(/two rules are labelled "rush-orders"/);
  });

  it('resolves rule references to rule configs, a variant under its own label', () => {
    const p = parseYamlText(
      'name: p\ntrigger: { rules: [deposit-linkage, { detector: rush-orders, name: top, params: { nameTopBuyers: 5 } }] }\nactions: {}\n',
      'p.yaml',
      schema,
    );
    const rules = policyRules(p, registry);
    expect(rules.map((r) => [r.name, r.definition.name, r.params])).toEqual([
      ['deposit-linkage', 'deposit-linkage', undefined],
      ['top', 'rush-orders', { nameTopBuyers: 5 }],
    ]);
  });

  it('every shipped policy file loads', () => {
    const dir = join(import.meta.dirname, '../../policies');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(loadYamlFile(join(dir, f), schema).name).toBe(f.replace(/\.yaml$/, ''));
  });
});

describe('actions by rule', () => {
  it('replace the default actions for one trigger rule; a label that is not a trigger rule is an error', () => {
    const p = parseYamlText(
      'name: p\ntrigger: { rules: [account-takeover, deposit-linkage] }\nactions: { suspendWithdrawals: true }\nbyRule:\n  account-takeover: { revokeKeys: true }\n',
      'p.yaml',
      schema,
    );
    expect(actionsFor(p, 'deposit-linkage').suspendWithdrawals).toBe(true);
    expect(actionsFor(p, 'account-takeover')).toMatchObject({ suspendWithdrawals: false, revokeKeys: true });
    expect(problems('name: p\ntrigger: { rules: [deposit-linkage] }\nactions: {}\nbyRule:\n  ramping: { freeze: true }\n')).toEqual([
      'p.yaml:5:12  byRule.ramping: "ramping" is not one of the trigger rules (deposit-linkage)',
    ]);
  });
});
