import { describe, expect, it } from 'vitest';
import { classifyLoss, wilsonInterval } from './wilson.js';

/**
 * Known values: the test cases of "Compute the Wilson score interval" (z = 1.96),
 * https://codegolf.stackexchange.com/questions/105389/compute-the-wilson-score-interval
 * given there as (successes, failures) => lower, upper as fractions; here `lost` plays "successes".
 */
const published: [lost: number, kept: number, low: number, high: number][] = [
  [0, 1, 0.0, 0.7934567085261071],
  [1, 0, 0.20654329147389294, 1.0],
  [1, 1, 0.09452865480086611, 0.905471345199134],
  [1, 10, 0.016231752262825982, 0.3773646254862038],
  [10, 1, 0.6226353745137962, 0.9837682477371741],
  [10, 90, 0.05522854161313612, 0.1743673043676654],
  [25, 75, 0.17545094003724265, 0.3430464637007583],
  [50, 50, 0.40382982859014716, 0.5961701714098528],
  [0, 100, 0.0, 0.03699480747600191],
  [100, 0, 0.9630051925239981, 1.0],
];

describe('wilsonInterval', () => {
  it.each(published)('%i lost, %i answered → [%f, %f] (published values)', (lost, kept, low, high) => {
    const r = wilsonInterval(lost, lost + kept);
    expect(r.low).toBeCloseTo(low * 100, 9);
    expect(r.high).toBeCloseTo(high * 100, 9);
  });

  it('nothing sent: nothing known, [0, 100]', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 100 });
  });

  it('the seed case (5 of 10 lost) cannot tell 30% from 70%', () => {
    const r = wilsonInterval(5, 10);
    expect(r.low).toBeLessThan(30);
    expect(r.high).toBeGreaterThan(70);
  });
});

describe('classifyLoss', () => {
  it('decides only when the whole interval is on one side of the threshold', () => {
    expect(classifyLoss(wilsonInterval(0, 20), 20)).toBe('below'); // high ≈ 16.1%
    expect(classifyLoss(wilsonInterval(0, 10), 20)).toBe('undecided'); // high ≈ 27.8%
    expect(classifyLoss(wilsonInterval(10, 20), 5)).toBe('above'); // low ≈ 29.9%
    expect(classifyLoss(wilsonInterval(10, 20), 30)).toBe('undecided');
  });
});
