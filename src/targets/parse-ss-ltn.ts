/**
 * Parser for `ss -ltn` (iproute2): listening TCP sockets with their accept queues.
 *
 * For a LISTEN socket, `Recv-Q` is the number of completed connections waiting in the accept queue
 * (handshake done, the application has not called accept() yet) and `Send-Q` is the queue's size (the
 * listen() backlog, capped by net.core.somaxconn). The kernel admits backlog + 1 entries; once Recv-Q is
 * over Send-Q, new handshakes are dropped and TcpExtListenOverflows/ListenDrops rise.
 */
import { parsed, unparsable, type ParseResult } from '../core/types.js';
import { lines, parseCount } from '../core/parse-util.js';
import { t } from '../i18n/index.js';

/** One listening socket of `ss -ltn`. */
export interface Listener {
  /** `0.0.0.0:80`, `[::]:443`, `*:9090`, `127.0.0.1%lo:53` as ss printed it. */
  readonly local: string;
  readonly port?: number;
  /** Connections waiting in the accept queue now. */
  readonly recvQ: number;
  /** The accept queue's size (the listen() backlog). */
  readonly sendQ: number;
}

const HEADER = /^(?:Netid\s+)?State\s+Recv-Q\s+Send-Q\s+Local\s+Address:Port\s+Peer\s+Address:Port/;

/**
 * Parses `ss -ltn` (also `ss -ltnH`, `ss -tln` with a Netid column from `-a`). Only LISTEN rows are kept.
 * Never throws; `unparsable` when neither the header nor any LISTEN row is present.
 */
export function parseSsListen(text: string): ParseResult<Listener[]> {
  if (typeof text !== 'string' || text.trim() === '') return unparsable(t('targets.parse.ss-empty'));
  const all = lines(text);
  const sawHeader = all.some((l) => HEADER.test(l.trim()));
  const out: Listener[] = [];
  for (const raw of all) {
    const w = raw.trim().split(/\s+/);
    const at = w[0] === 'LISTEN' ? 0 : w[1] === 'LISTEN' ? 1 : -1;
    if (at < 0) continue;
    const recvQ = parseCount(w[at + 1]);
    const sendQ = parseCount(w[at + 2]);
    const local = w[at + 3];
    if (recvQ === undefined || sendQ === undefined || local === undefined || w[at + 4] === undefined) continue;
    const port = parseCount(/:(\d+)$/.exec(local)?.[1]);
    out.push({ local, ...(port !== undefined ? { port } : {}), recvQ, sendQ });
  }
  if (out.length === 0) return unparsable(sawHeader ? t('targets.parse.ss-no-listen') : t('targets.parse.not-ss'));
  return parsed(out);
}
