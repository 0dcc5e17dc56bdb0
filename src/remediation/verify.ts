/**
 * Verification: a fix is verified when the finding it was planned for (same id, subject and scope)
 * is no longer convicted in a fresh measurement window. Pure.
 */
import type { Finding, FixProposal, FixRecord } from '../core/types.js';

export const sameFinding = (a: Finding, b: Finding): boolean => a.id === b.id && a.subject === b.subject && a.scope === b.scope;

/**
 * Mark each applied record verified or not against the findings of the verification window.
 * Records that were not applied are returned unchanged.
 */
export function verifyFixes(
  records: readonly FixRecord[],
  plans: readonly { readonly fix: FixProposal; readonly finding: Finding }[],
  after: readonly Finding[],
): FixRecord[] {
  return records.map((r) => {
    if (r.status !== 'applied') return r;
    const finding = plans.find((p) => p.fix.id === r.proposal.id)?.finding;
    const stillThere = finding ? after.some((f) => sameFinding(f, finding) && f.severity === 'error') : false;
    return { ...r, verified: !stillThere };
  });
}
