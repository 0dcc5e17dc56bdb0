/**
 * Confidence interval of a loss rate. 20 probes with 2 lost say "10% loss", but the true rate could
 * be anywhere from about 3% to 30%: the interval is what lets a probe stop early on a healthy target
 * and convict a lossy one with confidence.
 */

/** z for a two-sided 95% interval (the convention used by most published Wilson examples). */
export const Z_95 = 1.96;

/**
 * The Wilson score interval of a binomial proportion, in percent: `lost` of `n` probes were lost.
 * Unlike the naive `p ± z·sqrt(p(1-p)/n)`, it never leaves [0, 100] and stays honest at 0 and n
 * losses. With `n = 0` nothing is known: the interval is [0, 100].
 */
export function wilsonInterval(lost: number, n: number, z: number = Z_95): { low: number; high: number } {
  if (!(n > 0) || !Number.isFinite(n)) return { low: 0, high: 100 };
  const k = Math.min(Math.max(lost, 0), n);
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return {
    low: k === 0 ? 0 : Math.max(0, (centre - half) * 100),
    high: k === n ? 100 : Math.min(100, (centre + half) * 100),
  };
}

/**
 * Whether a loss interval is decided against a threshold: `below` when even its upper bound is
 * under the threshold, `above` when even its lower bound is over it, otherwise `undecided`.
 */
export function classifyLoss(
  interval: { low: number; high: number },
  thresholdPct: number,
): 'below' | 'above' | 'undecided' {
  if (interval.high < thresholdPct) return 'below';
  if (interval.low > thresholdPct) return 'above';
  return 'undecided';
}
