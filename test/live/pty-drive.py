"""Drive a command through a pseudo-terminal, as a person at a terminal would (live tests only).

usage: pty-drive.py COLS ROWS WAIT_FOR KEYS TIMEOUT -- ARGV...
  COLS/ROWS  the window size set on the pty; 0 0 leaves it unset (a pty with no size, as `script` gives)
  WAIT_FOR   text to wait for on the screen before typing (after the last match of it)
  KEYS       what to type then, with \\x03 for Ctrl-C and \\r for Enter
  TIMEOUT    seconds before the child is killed (exit 124)
Prints the raw screen output, then one line: PTY-EXIT=<code> TYPED=<True|False>.
"""
import fcntl, os, pty, select, signal, struct, sys, termios, time

cols, rows, wait_for, keys, timeout = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4], float(sys.argv[5])
argv = sys.argv[sys.argv.index('--') + 1:]
keys = keys.encode().decode('unicode_escape').encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
if cols > 0:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
out, typed, deadline = b'', False, time.time() + timeout
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if not ready:
        continue
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
    if len(out) > 8_000_000:
        break
    if not typed and wait_for in out:
        time.sleep(0.5)
        os.write(fd, keys)
        typed = True
code = 124
grace = max(deadline, time.time()) + 5
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done != 0:
        code = os.waitstatus_to_exitcode(status)
        break
    if time.time() > grace:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        break
    time.sleep(0.1)
sys.stdout.buffer.write(out[-20000:])
print('\nPTY-EXIT=%d TYPED=%s' % (code, typed))
