/**
 * `--redact`: replaces IPv4 and IPv6 addresses, MAC addresses and hostnames with placeholders before a
 * report or a bundle leaves the machine. The same input always gets the same placeholder within one
 * redactor, so a report stays readable ("host-1 talks to 192.0.2.1") and a redacted bundle still
 * replays: addresses become documentation addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32), MACs locally administered ones (02:00:00:xx:xx:xx), so parsers still read them.
 * Addresses that identify nothing (0.0.0.0, 127.0.0.1, 255.x netmasks, ::, ::1, all-zero/broadcast MACs)
 * are kept.
 */

const IPV4 = /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w]|\.\d)/g;
const MAC = /(?<![\w:-])[0-9a-fA-F]{2}(?:([:-])[0-9a-fA-F]{2})(?:\1[0-9a-fA-F]{2}){4}(?![\w:-])/g;
const H = '[0-9a-fA-F]{1,4}';
/** Full 8-group form, or any form with `::` and at least one group. */
const IPV6 = new RegExp(`(?<![\\w:.])(?:(?:${H}:){7}${H}|(?:${H}:){1,7}:(?:${H}(?::${H}){0,6})?|::${H}(?::${H}){0,6})(?![\\w:])`, 'g');
const TLDS = 'com|net|org|io|local|lan|internal|localdomain|home|corp|cloud|dev|edu|gov|cn|de|uk|fr|jp|ru|us|eu|info|biz|example';
const FQDN = new RegExp(`(?<![\\w.-])(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+(?:${TLDS})(?![\\w-])`, 'g');
const KEEP_V4 = (a: string): boolean => a === '0.0.0.0' || a.startsWith('127.') || a.startsWith('255.') || a === '224.0.0.1';
const KEEP_MAC = (m: string): boolean => /^(?:00[:-]){5}00$/i.test(m) || /^(?:ff[:-]){5}ff$/i.test(m);
const KEEP_V6 = (a: string): boolean => /^(?:0*:)*:?0*1?$/.test(a) || a === '::';

import type { ResolvedTarget } from '../core/target.js';

/** Names that are never hostnames even when a prompt or a log line puts them where one would be. */
const NOT_HOSTS = new Set(['localhost', 'kernel', 'root', 'anywhere', 'host', 'container', 'eth0', 'lo']);

export interface Redactor {
  /** Remember hostnames found in `text` (shell prompts, syslog lines, `--hostname`, `Hostname:` lines). */
  learn(text: string): void;
  /** Remember one name to hide (a container name, a label). */
  learnName(name: string): void;
  /** `text` with every address, MAC and known hostname replaced. */
  redact(text: string): string;
}

/**
 * Teach a redactor the names of a target: its container name and id (full and short), its namespace
 * name, and every word of its label (`container nginx (3f2a1b9c0d1e)`), so titles and headers that
 * name the target are redacted too.
 */
export function learnTarget(r: Redactor, target: Pick<ResolvedTarget, 'spec' | 'label' | 'access'>): void {
  const spec = target.spec;
  if (spec.kind === 'container') r.learnName(spec.ref);
  if (spec.kind === 'netns') r.learnName(spec.name);
  if (target.access.via === 'exec') {
    r.learnName(target.access.id);
    r.learnName(target.access.id.slice(0, 12));
  }
  if (target.access.via === 'netns') r.learnName(target.access.name);
  for (const w of target.label.split(/[\s()]+/)) if (w !== '' && !/^(?:host|container|netns)$/.test(w)) r.learnName(w);
}

export function createRedactor(): Redactor {
  const map = new Map<string, string>();
  const names = new Set<string>();
  const counters = { v4: 0, v6: 0, mac: 0, host: 0 };
  const placeholder = (key: string, make: () => string): string => {
    let p = map.get(key);
    if (p === undefined) {
      p = make();
      map.set(key, p);
    }
    return p;
  };
  const v4 = (n: number): string => {
    const nets = ['192.0.2', '198.51.100', '203.0.113'];
    return `${nets[Math.floor(n / 254) % 3]}.${(n % 254) + 1}`;
  };
  const learnName = (name: string): void => {
    const n = name.trim();
    if (n.length >= 2 && !NOT_HOSTS.has(n.toLowerCase()) && /^[\w.-]+$/.test(n) && !/^\d+$/.test(n)) names.add(n);
  };
  const redact = (text: string): string => {
    let out = text.replace(MAC, (m) => (KEEP_MAC(m) ? m : placeholder(`mac:${m.toLowerCase()}`, () => {
      const n = ++counters.mac;
      return `02:00:00:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
    })));
    out = out.replace(IPV6, (a) => (KEEP_V6(a) || a.startsWith('2001:db8:') ? a : placeholder(`v6:${a.toLowerCase()}`, () => `2001:db8::${(++counters.v6).toString(16)}`)));
    out = out.replace(IPV4, (a) => (KEEP_V4(a) ? a : placeholder(`v4:${a}`, () => v4(counters.v4++))));
    out = out.replace(FQDN, (h) => placeholder(`fqdn:${h.toLowerCase()}`, () => `host-${++counters.host}.example`));
    // Longest names first, so `web-1.prod` is replaced before `web-1`.
    for (const n of [...names].sort((a, b) => b.length - a.length)) {
      const re = new RegExp(`(?<![\\w-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g');
      out = out.replace(re, () => placeholder(`host:${n}`, () => `host-${++counters.host}`));
    }
    return out;
  };
  const learn = (text: string): void => {
    for (const m of text.matchAll(/[\w.-]+@([\w.-]+)(?::[^\s#$]*)?\s*[#$](?:\s|$)/g)) learnName(m[1] ?? '');
    for (const m of text.matchAll(/\[[\w.-]+@([\w.-]+)\s[^\]]*\][#$]/g)) learnName(m[1] ?? '');
    for (const m of text.matchAll(/^[A-Z][a-z]{2}\s+\d+\s+\d\d:\d\d:\d\d\s+([\w.-]+)\s+kernel:/gm)) learnName(m[1] ?? '');
    for (const m of text.matchAll(/--(?:hostname|name)[= ]([\w.-]+)/g)) learnName(m[1] ?? '');
    for (const m of text.matchAll(/^\s*(?:kernel\.hostname|Static hostname:|Hostname:)\s*=?\s*([\w.-]+)/gim)) learnName(m[1] ?? '');
  };
  return { learn, learnName, redact };
}
