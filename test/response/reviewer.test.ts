import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/index.js';
import { truthReviewer } from '../../src/response/index.js';

const roles: Record<number, Role> = { 1: 'attacker', 2: 'victim', 3: 'whale', 4: 'follower' };
const roleOf = (a: number) => roles[a];

describe('the simulated reviewer', () => {
  it('when always right: keeps attackers, releases victims but keeps their keys revoked, restores honest accounts', () => {
    const r = truthReviewer(roleOf, 1, 5);
    expect(r.review(1, 'X#1')).toEqual({ liftAccount: false, restoreKeys: false, correct: true });
    expect(r.review(2, 'X#1')).toEqual({ liftAccount: true, restoreKeys: false, correct: true });
    expect(r.review(3, 'X#1')).toEqual({ liftAccount: true, restoreKeys: true, correct: true });
    // An account the truth does not know is treated as honest.
    expect(r.review(99, 'X#1')).toEqual({ liftAccount: true, restoreKeys: true, correct: true });
  });

  it('when always wrong: lifts attackers, keeps victims and honest accounts restricted', () => {
    const r = truthReviewer(roleOf, 0, 5);
    expect(r.review(1, 'X#1')).toMatchObject({ liftAccount: true, restoreKeys: true, correct: false });
    expect(r.review(2, 'X#1')).toMatchObject({ liftAccount: false, correct: false });
    expect(r.review(4, 'X#1')).toMatchObject({ liftAccount: false, restoreKeys: false, correct: false });
  });

  it('draws per (seed, case, account): order-independent, repeatable, right about as often as its accuracy', () => {
    const accounts = Array.from({ length: 2000 }, (_, i) => i + 10);
    const forward = accounts.map((a) => truthReviewer(roleOf, 0.7, 11).review(a, 'X#1').correct);
    const r = truthReviewer(roleOf, 0.7, 11);
    const backward = [...accounts].reverse().map((a) => r.review(a, 'X#1').correct).reverse();
    expect(backward).toEqual(forward);
    const share = forward.filter(Boolean).length / forward.length;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.75);
    const otherSeed = accounts.map((a) => truthReviewer(roleOf, 0.7, 12).review(a, 'X#1').correct);
    expect(otherSeed).not.toEqual(forward);
  });

  it('rejects an accuracy outside [0, 1]', () => {
    expect(() => truthReviewer(roleOf, 1.2, 1)).toThrow(RangeError);
  });
});
