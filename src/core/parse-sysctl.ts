/**
 * Kernel settings (sysctls) as pktdrop reads them, in one shape whatever the source:
 * - `grep -r '' /proc/sys/net/...` (what the probes run: one `path:value` line per file, no shell
 *   glob needed, no sysctl binary needed inside a container);
 * - `sysctl -a` / `sysctl key ...` (what people paste: `net.ipv4.conf.eth0.rp_filter = 1`).
 *
 * Keys are the path under `/proc/sys` with `/` separators (`net/ipv4/conf/eth0/rp_filter`), so an
 * interface name with a dot (`eth0.100`, which sysctl(8) prints as `eth0/100`) stays one segment.
 * Values are the text as the kernel printed it (`1`, `4096 131072 6291456`).
 */
import { lines } from './parse-util.js';

/** Sysctl values by their `/proc/sys` path, `/`-separated: `net/ipv4/conf/all/rp_filter` → `1`. */
export type SysctlValues = Readonly<Record<string, string>>;

/** `net.ipv4.conf.eth0/100.rp_filter` (sysctl's spelling) → `net/ipv4/conf/eth0.100/rp_filter`. */
export function sysctlNameToPath(name: string): string {
  return name.replace(/\//g, '\u0000').replace(/\./g, '/').replace(/\u0000/g, '.');
}

/** `net/ipv4/conf/eth0.100/rp_filter` → `net.ipv4.conf.eth0/100.rp_filter`, as `sysctl -w` takes it. */
export function sysctlPathToName(path: string): string {
  return path.replace(/\./g, '\u0000').replace(/\//g, '.').replace(/\u0000/g, '/');
}

/**
 * Read `grep -r '' /proc/sys/...` lines (`/proc/sys/net/ipv4/ip_forward:1`) and `sysctl` lines
 * (`net.ipv4.ip_forward = 1`). Anything else (`sysctl: permission denied on key ...`, grep's
 * `No such file or directory`, blank lines) is skipped. Never throws.
 */
export function parseSysctlLines(text: string): SysctlValues {
  const out: Record<string, string> = {};
  for (const raw of lines(text)) {
    const line = raw.trim();
    const g = /^\/proc\/sys\/([^:\s]+):(.*)$/.exec(line);
    if (g) {
      out[g[1] ?? ''] = (g[2] ?? '').trim();
      continue;
    }
    const s = /^([a-z0-9_-]+(?:\.[A-Za-z0-9_/@:-]+)+)\s*=\s*(.*)$/.exec(line);
    if (s) out[sysctlNameToPath(s[1] ?? '')] = (s[2] ?? '').trim();
  }
  return out;
}

/** A sysctl's value as an integer, or undefined when absent or not a single integer. */
export function sysctlInt(values: SysctlValues, path: string): number | undefined {
  const v = values[path];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}
