/**
 * The built-in TCP handshake probe: one `connect()` per interval tick with node's `net` module, no
 * process and no root needed. A connection that completes (SYN → SYN-ACK → ACK) or is refused
 * (SYN → RST) is an answer; one that does not complete within its timeout is a lost probe (the
 * SYN, or every SYN-ACK, was dropped somewhere: the kernel retransmits the SYN after 1 s, 3 s...,
 * so a timeout under a second measures exactly one SYN).
 */
import { Socket } from 'node:net';
import { t } from '../i18n/index.js';

/** How one connection attempt ended. */
export type AttemptOutcome =
  | { readonly kind: 'connected'; readonly rttMs: number }
  | { readonly kind: 'refused'; readonly rttMs: number }
  | { readonly kind: 'timeout' }
  /** A local error before or instead of an answer: `EPERM` (a local OUTPUT rule dropped the SYN), `ENETUNREACH`... */
  | { readonly kind: 'error'; readonly code: string };

export interface ConnectBatch {
  readonly attempts: readonly AttemptOutcome[];
  readonly aborted: boolean;
}

const errorCode = (e: unknown): string =>
  e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : e instanceof Error ? e.message : t('probe.connect.unknown-error');

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** One handshake to `address:port`, bounded by `timeoutMs`; the socket is always destroyed. */
export function connectOnce(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const started = performance.now();
    let settled = false;
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => finish({ kind: 'error', code: 'ABORTED' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ kind: 'connected', rttMs: round1(performance.now() - started) }));
    socket.once('error', (e) => {
      const code = errorCode(e);
      finish(code === 'ECONNREFUSED' ? { kind: 'refused', rttMs: round1(performance.now() - started) } : { kind: 'error', code });
    });
    if (signal?.aborted) {
      onAbort();
      return;
    }
    socket.connect({ host: address, port });
  });
}

/**
 * `count` handshakes started every `intervalMs` (they overlap: a slow one does not delay the
 * next), each bounded by `timeoutMs`. Total time is at most `(count - 1) * intervalMs + timeoutMs`.
 * An abort stops scheduling and ends the attempts in flight.
 */
export async function connectBatch(
  address: string,
  port: number,
  count: number,
  intervalMs: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ConnectBatch> {
  const pending: Promise<AttemptOutcome>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    if (signal?.aborted) break;
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait, signal);
    if (signal?.aborted) break;
    pending.push(connectOnce(address, port, timeoutMs, signal));
  }
  const attempts = await Promise.all(pending);
  return { attempts, aborted: signal?.aborted ?? false };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
