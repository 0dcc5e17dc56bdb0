// Bounded background traffic for the noisy neighbour (test/live/noisy-neighbour.ts), run as
//   node neighbour-traffic.mjs pktdrop-neighbour-traffic ADDRESS PORT CONNECTS CAP_MS HPING_COUNT
// It sends only to ADDRESS (the neighbour lab's own address, whose route the parent checked):
// - a TCP connect + HTTP GET every 100 ms (10/s, at most 20 in flight, each given up after 1 s),
//   CONNECTS of them at most;
// - `hping3 -S -p PORT -c HPING_COUNT -i u200000 ADDRESS` (raw SYNs at 5/s) beside it, when
//   HPING_COUNT > 0 and hping3 is installed.
// It stops at the first of: CONNECTS reached, CAP_MS elapsed, SIGTERM/SIGINT, its stdin closing (the
// parent went away), its parent changing. Then it kills hping3, waits for the connections in flight
// and prints one JSON line of counts on stdout.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

const [marker, address, portText, connectsText, capText, hpingText] = process.argv.slice(2);
if (marker !== 'pktdrop-neighbour-traffic' || !address) {
  process.stderr.write('usage: neighbour-traffic.mjs pktdrop-neighbour-traffic ADDRESS PORT CONNECTS CAP_MS HPING_COUNT\n');
  process.exit(2);
}
const port = Number(portText);
const maxConnects = Number(connectsText);
const capMs = Number(capText);
const hpingCount = Number(hpingText);
const parent = process.ppid;
const started = Date.now();

const counts = { connects: 0, connected: 0, answered: 0, failed: 0, hping: hpingCount > 0 ? 'started' : 'off', stoppedBy: '' };
let inFlight = 0;
let stopping = false;

let hping;
if (hpingCount > 0) {
  hping = spawn('hping3', ['-S', '-p', String(port), '-c', String(hpingCount), '-i', 'u200000', address], { stdio: 'ignore' });
  hping.on('error', () => (counts.hping = 'not available'));
  hping.on('exit', (code, signal) => (counts.hping = signal ? `stopped (${signal})` : `exited ${code}`));
}

function once() {
  counts.connects++;
  inFlight++;
  let done = false;
  const s = connect({ host: address, port });
  const finish = (ok) => {
    if (done) return;
    done = true;
    inFlight--;
    if (ok) counts.answered++;
    else counts.failed++;
    clearTimeout(timer);
    s.destroy();
  };
  const timer = setTimeout(() => finish(false), 1000);
  s.on('connect', () => {
    counts.connected++;
    s.write(`GET / HTTP/1.0\r\nHost: ${address}\r\n\r\n`);
  });
  s.on('data', () => finish(true));
  s.on('error', () => finish(false));
  s.on('end', () => finish(false));
}

function stop(why) {
  if (stopping) return;
  stopping = true;
  counts.stoppedBy = why;
  clearInterval(tick);
  if (hping && hping.exitCode === null && hping.signalCode === null) hping.kill('SIGTERM');
  const waitStart = Date.now();
  const wait = setInterval(() => {
    if (inFlight === 0 || Date.now() - waitStart > 1500) {
      clearInterval(wait);
      process.stdout.write(`${JSON.stringify({ ...counts, seconds: Math.round((Date.now() - started) / 1000) })}\n`);
      process.exit(0);
    }
  }, 50);
}

const tick = setInterval(() => {
  if (counts.connects >= maxConnects) return stop('count');
  if (Date.now() - started >= capMs) return stop('time cap');
  if (process.ppid !== parent) return stop('parent gone');
  if (inFlight < 20) once();
}, 100);

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.stdin.on('end', () => stop('stdin closed'));
process.stdin.on('close', () => stop('stdin closed'));
process.stdin.resume();
