/**
 * `/proc/net/tcp` and `/proc/net/tcp6`: the socket table every network namespace has, even in an
 * image without `ss` or `netstat`. State `0A` is TCP_LISTEN; the local port is hex after the colon.
 */
import { lines } from '../core/parse-util.js';
import { parsed, unparsable, type ParseResult } from '../core/types.js';
import { t } from '../i18n/index.js';

export interface ListeningSocket {
  readonly address: string;
  readonly port: number;
  readonly family: 'ipv4' | 'ipv6';
}

const TCP_LISTEN = '0A';

function decodeAddress(hex: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(hex)) {
    // IPv4 is printed as a little-endian 32-bit word on x86 and every common architecture.
    const bytes = [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    return { address: bytes.join('.'), family: 'ipv4' };
  }
  if (/^[0-9A-Fa-f]{32}$/.test(hex)) {
    const groups: string[] = [];
    for (let w = 0; w < 4; w++) {
      const word = hex.slice(w * 8, w * 8 + 8);
      const le = [6, 4, 2, 0].map((i) => word.slice(i, i + 2)).join('');
      groups.push(le.slice(0, 4), le.slice(4, 8));
    }
    return { address: groups.map((g) => g.replace(/^0+(?=.)/, '').toLowerCase()).join(':'), family: 'ipv6' };
  }
  return undefined;
}

/** Listening TCP sockets from `/proc/net/tcp` or `/proc/net/tcp6` text. */
export function parseListeningSockets(text: string): ParseResult<ListeningSocket[]> {
  const all = lines(text);
  if (!/^\s*sl\s+local_address\s+(rem|remote)_address\s+st\b/.test(all[0] ?? '')) {
    return unparsable(t('targets.parse.not-proc-net-tcp'));
  }
  const out: ListeningSocket[] = [];
  for (const line of all.slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    const state = cols[3];
    if (!local || state !== TCP_LISTEN) continue;
    const [addrHex, portHex] = local.split(':');
    if (!addrHex || !portHex || !/^[0-9A-Fa-f]{4}$/.test(portHex)) continue;
    const addr = decodeAddress(addrHex);
    if (!addr) continue;
    out.push({ ...addr, port: Number.parseInt(portHex, 16) });
  }
  return parsed(out);
}
