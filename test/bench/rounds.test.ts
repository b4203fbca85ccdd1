/**
 * The order contenders take their turns in (`bench/lib/rounds.ts`): the fairness every comparison
 * in `npm run bench` rests on. Pure; no timing.
 */
import { describe, expect, it } from 'vitest';
import { roundOrder } from '../../bench/lib/rounds.ts';

describe('roundOrder', () => {
  it('alternates two contenders', () => {
    expect([0, 1, 2, 3].map((r) => roundOrder(['ours', 'bare'], r))).toEqual([
      ['ours', 'bare'],
      ['bare', 'ours'],
      ['bare', 'ours'],
      ['ours', 'bare'],
    ]);
  });

  it('gives three contenders every position equally often over two rounds', () => {
    const positions = (name: string) => [0, 1].map((r) => roundOrder(['a', 'b', 'c'], r).indexOf(name));
    for (const name of ['a', 'b', 'c']) expect(positions(name).reduce((x, y) => x + y)).toBe(2);
  });

  it('runs every order of three contenders once in six rounds', () => {
    const orders = new Set([0, 1, 2, 3, 4, 5].map((r) => roundOrder(['a', 'b', 'c'], r).join('')));
    expect(orders.size).toBe(6);
  });

  it('leaves its input alone', () => {
    const list = ['a', 'b', 'c'] as const;
    roundOrder(list, 1);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});
