"""Drive a command through a pseudo-terminal, as a person at a terminal would (live tests only).

Two forms.

  pty-drive.py COLS ROWS WAIT_FOR KEYS TIMEOUT -- ARGV...
    COLS/ROWS  the window size set on the pty; 0 0 leaves it unset (a pty with no size, as `script` gives)
    WAIT_FOR   text to wait for on the screen before typing (after the last match of it)
    KEYS       what to type then, with \\x03 for Ctrl-C and \\r for Enter
    TIMEOUT    seconds before the child is killed (exit 124)
  Prints the raw screen output, then one line: PTY-EXIT=<code> TYPED=<True|False>.

  pty-drive.py --script JSON
    JSON: {"cols": 100, "rows": 30, "timeout": 180, "argv": [...],
           "steps": [{"wait": REGEX, "keys": "\\r", "run": [[ARGV...], ...], "answered": REGEX, "repeat": false}, ...]}
    Each step waits until REGEX matches the text written since the previous step's keys (escape
    sequences taken out), waits 0.5 s more (`settle`) for the rest of the screen, takes a snapshot of
    the emulated screen, runs the commands of `run` (commands of the test, e.g. reading the lab's rules
    at that moment; their stdout is kept), then types `keys`. With `answered` (a regex: how the screen
    shows that the keys were taken), the next REGEX is looked for only after that, so a question
    redrawn before the keys were read is not taken for the next one. A `repeat` step (the last) does
    so each time its REGEX matches again, until the command ends.
    Prints one JSON document: {"exit": code, "steps": [{"step": index, "matched", "screen": [rows],
    "scrolled": n, "ran": [stdout, ...]}] (one per match; an unmatched step once, with matched false),
    "screen": [rows at the end], "scrollback": [rows that scrolled off the top],
    "text": everything written, escape sequences taken out (the last 200000 characters)}.
    `scrolled` counts the rows that had scrolled off the top of the screen by then.

The screen is a small terminal emulator (below): enough of VT100/xterm for what Node's readline, ora
and @inquirer write (cursor moves, erase in line and display, auto-wrap, scrolling), with East Asian
wide characters two columns wide. Colours and modes are ignored.
"""
import fcntl, json, os, pty, re, select, signal, struct, subprocess, sys, termios, time, unicodedata


class Screen:
    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.grid = [[' '] * cols for _ in range(rows)]
        self.r = self.c = 0
        self.pending_wrap = False
        self.saved = (0, 0)
        self.scrollback = []
        self.state = 'text'
        self.seq = ''

    def lines(self):
        return [''.join(ch for ch in row if ch != '').rstrip() for row in self.grid]

    def _scroll(self):
        top = self.grid.pop(0)
        self.scrollback.append(''.join(ch for ch in top if ch != '').rstrip())
        self.grid.append([' '] * self.cols)

    def _newline(self):
        if self.r == self.rows - 1:
            self._scroll()
        else:
            self.r += 1

    def _put(self, ch):
        w = 2 if unicodedata.east_asian_width(ch) in ('W', 'F') else (0 if unicodedata.combining(ch) else 1)
        if w == 0:
            return
        if self.pending_wrap or self.c + w > self.cols:
            self.c = 0
            self._newline()
            self.pending_wrap = False
        self.grid[self.r][self.c] = ch
        if w == 2:
            self.grid[self.r][self.c + 1] = ''  # the right half of a wide character
        self.c += w
        if self.c >= self.cols:
            self.c = self.cols - 1
            self.pending_wrap = True

    def _clamp(self):
        self.r = max(0, min(self.rows - 1, self.r))
        self.c = max(0, min(self.cols - 1, self.c))
        self.pending_wrap = False

    def _csi(self, seq):
        final, body = seq[-1], seq[:-1]
        private = body.startswith(('?', '>', '<', '='))
        if private:
            return  # modes (cursor visibility, bracketed paste): nothing on screen
        ps = [int(p) if p.isdigit() else None for p in body.split(';')] if body else []
        n = (ps[0] if ps and ps[0] else 1)
        if final == 'A':
            self.r -= n
        elif final == 'B':
            self.r += n
        elif final == 'C':
            self.c += n
        elif final == 'D':
            self.c -= n
        elif final == 'E':
            self.r += n; self.c = 0
        elif final == 'F':
            self.r -= n; self.c = 0
        elif final == 'G':
            self.c = n - 1
        elif final in 'Hf':
            self.r = (ps[0] or 1) - 1 if ps else 0
            self.c = (ps[1] or 1) - 1 if len(ps) > 1 else 0
        elif final == 'J':
            mode = ps[0] if ps and ps[0] is not None else 0
            if mode == 0:
                self.grid[self.r][self.c:] = [' '] * (self.cols - self.c)
                for i in range(self.r + 1, self.rows):
                    self.grid[i] = [' '] * self.cols
            elif mode == 1:
                self.grid[self.r][:self.c + 1] = [' '] * (self.c + 1)
                for i in range(0, self.r):
                    self.grid[i] = [' '] * self.cols
            else:
                self.grid = [[' '] * self.cols for _ in range(self.rows)]
            return
        elif final == 'K':
            mode = ps[0] if ps and ps[0] is not None else 0
            if mode == 0:
                self.grid[self.r][self.c:] = [' '] * (self.cols - self.c)
            elif mode == 1:
                self.grid[self.r][:self.c + 1] = [' '] * (self.c + 1)
            else:
                self.grid[self.r] = [' '] * self.cols
            return
        elif final == 's':
            self.saved = (self.r, self.c); return
        elif final == 'u':
            self.r, self.c = self.saved
        else:
            return  # SGR (m) and anything else: no effect on the text
        self._clamp()

    def feed(self, text):
        for ch in text:
            if self.state == 'esc':
                if ch == '[':
                    self.state, self.seq = 'csi', ''
                elif ch == ']':
                    self.state, self.seq = 'osc', ''
                elif ch == '7':
                    self.saved = (self.r, self.c); self.state = 'text'
                elif ch == '8':
                    self.r, self.c = self.saved; self._clamp(); self.state = 'text'
                elif ch in '()':
                    self.state = 'charset'
                else:
                    self.state = 'text'
                continue
            if self.state == 'charset':
                self.state = 'text'
                continue
            if self.state == 'csi':
                self.seq += ch
                if '@' <= ch <= '~':
                    self._csi(self.seq)
                    self.state = 'text'
                continue
            if self.state == 'osc':
                if ch == '\x07':
                    self.state = 'text'
                elif ch == '\x1b':
                    self.state = 'esc'  # ST (ESC \\) ends it; the backslash is then ignored
                continue
            if ch == '\x1b':
                self.state = 'esc'
            elif ch == '\r':
                self.c = 0; self.pending_wrap = False
            elif ch == '\n':
                self._newline(); self.pending_wrap = False
            elif ch == '\b':
                self.c = max(0, self.c - 1); self.pending_wrap = False
            elif ch == '\t':
                self.c = min(self.cols - 1, (self.c // 8 + 1) * 8)
            elif ch >= ' ' and ch != '\x7f':
                self._put(ch)


ANSI = re.compile(r'\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[78=>])')


def spawn(argv, cols, rows):
    pid, fd = pty.fork()
    if pid == 0:
        if cols > 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
        os.execvp(argv[0], argv)
    return pid, fd


def reap(pid, grace_until):
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done != 0:
            return os.waitstatus_to_exitcode(status)
        if time.time() > grace_until:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return 124
        time.sleep(0.1)


def scripted(spec):
    cols, rows = int(spec.get('cols', 100)), int(spec.get('rows', 30))
    timeout = float(spec.get('timeout', 180))
    steps = spec.get('steps', [])
    screen = Screen(cols if cols > 0 else 80, rows if rows > 0 else 24)
    decoder = __import__('codecs').getincrementaldecoder('utf-8')('replace')
    pid, fd = spawn(spec['argv'], cols, rows)
    text, since, results, i = '', 0, [], 0
    matches = [0] * len(steps)
    awaiting = None  # the previous step's `answered` regex, not seen yet
    deadline = time.time() + timeout

    def pump(wait):
        nonlocal text
        if not select.select([fd], [], [], wait)[0]:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            return False
        chunk = decoder.decode(data)
        screen.feed(chunk)
        text += chunk
        return len(text) <= 8_000_000

    while time.time() < deadline:
        if not pump(0.2):
            break
        if i >= len(steps):
            continue
        plain = ANSI.sub('', text)
        if awaiting is not None:
            m = re.search(awaiting, plain[since:])
            if not m:
                continue
            since += m.end()
            awaiting = None
        if re.search(steps[i]['wait'], plain[since:]):
            settle_until = time.time() + float(steps[i].get('settle', 0.5))
            # Whatever arrives while settling is on the screen too.
            while time.time() < settle_until and pump(0.05):
                pass
            ran = [subprocess.run(a, capture_output=True, text=True, timeout=60).stdout for a in steps[i].get('run', [])]
            results.append({'step': i, 'matched': True, 'screen': screen.lines(), 'scrolled': len(screen.scrollback), 'ran': ran})
            os.write(fd, steps[i].get('keys', '').encode())
            since = len(ANSI.sub('', text))
            awaiting = steps[i].get('answered')
            matches[i] += 1
            if not steps[i].get('repeat'):
                i += 1
    for j in range(i, len(steps)):
        if not (steps[j].get('repeat') and matches[j] > 0):
            results.append({'step': j, 'matched': False, 'screen': screen.lines(), 'scrolled': len(screen.scrollback), 'ran': []})
    code = reap(pid, max(deadline, time.time()) + 5)
    # Drain what the child wrote last.
    try:
        while select.select([fd], [], [], 0.1)[0]:
            data = os.read(fd, 65536)
            if not data:
                break
            chunk = decoder.decode(data)
            screen.feed(chunk)
            text += chunk
    except OSError:
        pass
    plain = ANSI.sub('', text)
    print(json.dumps({'exit': code, 'steps': results, 'screen': screen.lines(), 'scrollback': screen.scrollback, 'text': plain[-200000:]}))


def classic():
    cols, rows, wait_for, keys, timeout = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4], float(sys.argv[5])
    argv = sys.argv[sys.argv.index('--') + 1:]
    keys = keys.encode().decode('unicode_escape').encode()
    pid, fd = spawn(argv, cols, rows)
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
    code = reap(pid, max(deadline, time.time()) + 5)
    sys.stdout.buffer.write(out[-20000:])
    print('\nPTY-EXIT=%d TYPED=%s' % (code, typed))


if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] == '--script':
        scripted(json.loads(sys.argv[2]))
    else:
        classic()
