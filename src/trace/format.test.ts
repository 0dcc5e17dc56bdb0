/**
 * parseKfreeSkbFormat on recorded format files (sources in test/fixtures/tracefs/*.source.txt):
 * - format-6.18.txt: this Debian 12 VM, kernel 6.18.44, `cat /sys/kernel/tracing/events/skb/kfree_skb/format`
 * - format-6.17-netra.txt, format-6.8-netra.txt: github.com/zyvorai/netra internal/tpformat/testdata
 * - format-5.18-nettrace-readme.txt: github.com/OpenCloudOS/nettrace README.md (first reason era, NOT_SPECIFIED = 1)
 * - format-pre-5.17-nettrace-doc.txt: github.com/OpenCloudOS/nettrace docs/droptrace.md (no reason field)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKfreeSkbFormat } from './format.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/tracefs/${name}`, import.meta.url), 'utf8');

const nameToNumber = (reasons: Record<number, string>, name: string): number | undefined => {
  const hit = Object.entries(reasons).find(([, n]) => n === name);
  return hit === undefined ? undefined : Number(hit[0]);
};

describe('parseKfreeSkbFormat on recorded format files', () => {
  it('6.18 (this VM): fields with rx_sk and reason, symbolic location, 127 reasons + MAX', () => {
    const r = parseKfreeSkbFormat(fixture('format-6.18.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.fields).toEqual(['skbaddr', 'location', 'rx_sk', 'protocol', 'reason']);
    expect(r.data).toMatchObject({ id: 2310, hasReason: true, hasLocation: true, hasRxSk: true, locationSymbolic: true });
    expect(r.data.reasons[2]).toBe('NOT_SPECIFIED');
    expect(r.data.reasons[12]).toBe('NETFILTER_DROP');
    expect(r.data.reasons[64]).toBe('QDISC_DROP');
    expect(r.data.reasons[127]).toBe('RECURSION_LIMIT');
    expect(r.data.reasons[128]).toBe('MAX');
    expect(Object.keys(r.data.reasons)).toHaveLength(127);
  });

  it('6.17 (netra testdata): rx_sk present, table ends at DUALPI2_STEP_DROP', () => {
    const r = parseKfreeSkbFormat(fixture('format-6.17-netra.txt'));
    expect(r.ok && r.data.hasRxSk && r.data.hasReason).toBe(true);
    if (!r.ok) return;
    expect(r.data.reasons[124]).toBe('DUALPI2_STEP_DROP');
    expect(r.data.reasons[125]).toBe('MAX');
    expect(r.data.reasons[126]).toBeUndefined();
  });

  it('6.8 (netra testdata): no rx_sk, and the numbers differ from 6.18 for the same names', () => {
    const r = parseKfreeSkbFormat(fixture('format-6.8-netra.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.fields).toEqual(['skbaddr', 'location', 'protocol', 'reason']);
    expect(r.data.hasRxSk).toBe(false);
    expect(nameToNumber(r.data.reasons, 'QDISC_DROP')).toBe(52);
    expect(nameToNumber(r.data.reasons, 'NETFILTER_DROP')).toBe(8);
  });

  it('first reason era (nettrace README): NOT_SPECIFIED = 1, location printed as a pointer', () => {
    const r = parseKfreeSkbFormat(fixture('format-5.18-nettrace-readme.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ id: 1524, hasReason: true, hasRxSk: false, locationSymbolic: false });
    expect(r.data.reasons[1]).toBe('NOT_SPECIFIED');
    expect(r.data.reasons[45]).toBe('QDISC_DROP');
    expect(r.data.reasons[65]).toBe('MAX');
  });

  it('before 5.17 (nettrace droptrace.md): no reason field, no table, still usable', () => {
    const r = parseKfreeSkbFormat(fixture('format-pre-5.17-nettrace-doc.txt'));
    expect(r).toEqual({
      ok: true,
      data: {
        name: 'kfree_skb',
        id: 1408,
        fields: ['skbaddr', 'location', 'protocol'],
        hasReason: false,
        hasLocation: true,
        hasRxSk: false,
        locationSymbolic: false,
        reasons: {},
      },
    });
  });
});

describe('parseKfreeSkbFormat refuses what it cannot use', () => {
  const real = fixture('format-6.18.txt');
  it('empty text', () => {
    expect(parseKfreeSkbFormat('').ok).toBe(false);
    expect(parseKfreeSkbFormat('  \n').ok).toBe(false);
  });
  it('garbage (synthetic)', () => {
    expect(parseKfreeSkbFormat('hello world\nnot a format file\n').ok).toBe(false);
  });
  it('the real 6.18 file cut before its print fmt line (truncated)', () => {
    const cut = real.slice(0, real.indexOf('print fmt:'));
    const r = parseKfreeSkbFormat(cut);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('truncated') });
  });
  it('the real 6.18 file cut inside the field list (truncated)', () => {
    const r = parseKfreeSkbFormat(real.slice(0, real.indexOf('field:void * skbaddr')));
    expect(r.ok).toBe(false);
  });
  it('the real 6.18 file cut right after "__print_symbolic(REC->reason," (truncated table)', () => {
    const at = real.indexOf('__print_symbolic(REC->reason,') + '__print_symbolic(REC->reason,'.length;
    expect(parseKfreeSkbFormat(real.slice(0, at)).ok).toBe(false);
  });
  it('the format of another event (synthetic rename of the real file)', () => {
    const r = parseKfreeSkbFormat(real.replace('name: kfree_skb', 'name: consume_skb'));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('consume_skb') });
  });
  it('the table cut midway still yields the entries before the cut', () => {
    const at = real.indexOf('{ 13, "OTHERHOST" }');
    const r = parseKfreeSkbFormat(real.slice(0, at));
    expect(r.ok && Object.keys(r.data.reasons).length).toBe(11);
  });
});
