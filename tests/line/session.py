"""session.py BIN TRANSCRIPTS UPDATE - the line mode at a real terminal.

Each session starts BIN on a fresh pseudo-terminal whose output processing
is off (no newline translation), so what is read is exactly what the
program wrote. It types commands one at a time, each after the prompt came,
and checks: the transcript against TRANSCRIPTS/NAME.txt (UPDATE "1"
rewrites it), no byte outside printable ASCII and newline in the C locale
(no escape sequence, even with TERM=xterm-256color, where readline would
send bracketed paste and meta-key sequences), no line over 80 columns, the
exit status. Also: Tab completes, Ctrl-C drops the line being typed (and stops a
long run of the training view), Ctrl-D
leaves, SIGTERM saves the place and ends by the signal. Every wait has a
deadline.
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

BIN, TRANSCRIPTS, UPDATE = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
SCALE = float(os.environ.get("WHYRELU_SMOKE_SCALE") or 1)
DEADLINE = 5.0 * SCALE
PROMPT = b"whyrelu> "
failures = 0


def ok(msg):
    print("ok   line pty: " + msg)


def bad(msg):
    global failures
    failures += 1
    print("FAIL line pty: " + msg)


class Session:
    def __init__(self, args, term, state, cols=80):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
        attrs = termios.tcgetattr(slave)
        attrs[1] &= ~termios.OPOST   # the program's bytes as written
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        env = {"PATH": "/usr/bin:/bin", "HOME": state, "LANG": "C", "LC_ALL": "C",
               "XDG_STATE_HOME": state, "INPUTRC": "/dev/null",
               "WHYRELU_LESSONS": os.environ["WHYRELU_LESSONS"]}
        if term:
            env["TERM"] = term

        def setup():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen([BIN] + args, stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True, preexec_fn=setup,
                                     close_fds=True)
        os.close(slave)
        self.out = bytearray()

    def pump(self, timeout):
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.out += data
        return True

    def wait_prompts(self, n):
        end = time.monotonic() + DEADLINE
        while self.out.count(PROMPT) < n:
            if time.monotonic() > end:
                raise AssertionError("no prompt %d after %.0f s; got %r" %
                                     (n, DEADLINE, bytes(self.out[-300:])))
            if not self.pump(0.05):
                raise AssertionError("the program ended early: %r" % bytes(self.out[-300:]))

    def type(self, keys):
        if isinstance(keys, tuple):
            # (text, key): the text echoed first, then the key (Ctrl-C
            # flushes what the terminal has not yet handed over)
            text, keys = keys
            end = time.monotonic() + DEADLINE
            os.write(self.master, text)
            while not self.out.endswith(text):
                if time.monotonic() > end:
                    raise AssertionError("%r was not echoed" % text)
                self.pump(0.05)
        n = self.out.count(PROMPT)
        os.write(self.master, keys)
        self.wait_prompts(n + 1)

    def wait_exit(self):
        end = time.monotonic() + DEADLINE
        while self.proc.poll() is None and time.monotonic() < end:
            self.pump(0.05)
        while self.pump(0.01):
            if self.proc.poll() is not None and not select.select([self.master], [], [], 0)[0]:
                break
        if self.proc.poll() is None:
            self.proc.kill()
            raise AssertionError("still running after %.0f s" % DEADLINE)
        return self.proc.returncode

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def check_bytes(name, out, cols=80):
    outside = sorted(set(b for b in out if not (0x20 <= b <= 0x7e or b == 0x0a)))
    if outside:
        bad("%s: bytes outside printable ASCII and newline: %s" %
            (name, ", ".join("0x%02x" % b for b in outside)))
    else:
        ok("%s: printable ASCII and newline only" % name)
    wide = [l for l in out.split(b"\n") if len(l) > cols]
    if wide:
        bad("%s: %d lines over %d columns: %r" % (name, len(wide), cols, wide[0]))


def compare(name, got):
    path = os.path.join(TRANSCRIPTS, name + ".txt")
    if UPDATE:
        with open(path, "wb") as f:
            f.write(got)
        print("upd  line pty: " + name)
        return
    try:
        with open(path, "rb") as f:
            want = f.read()
    except FileNotFoundError:
        bad("%s: no transcript %s (WHYRELU_UPDATE_GOLDEN=1 records it)" % (name, path))
        return
    if want == got:
        ok("%s: the transcript" % name)
    else:
        bad("%s: the transcript differs" % name)
        import difflib
        for l in list(difflib.unified_diff(want.decode().splitlines(), got.decode().splitlines(),
                                           lineterm=""))[:40]:
            print("     " + l)


def session(name, args, term, keys, end, state=None, cols=80):
    """keys: what is typed, one prompt each; end: 'eof' (Ctrl-D), or a
    command that ends it. Returns the output and the exit status."""
    state = state or tempfile.mkdtemp(prefix="whyrelu-line-pty.")
    s = Session(args, term, state, cols)
    try:
        s.wait_prompts(1)
        for k in keys:
            s.type(k)
        os.write(s.master, b"\x04" if end == "eof" else end)
        rc = s.wait_exit()
    except AssertionError as e:
        bad("%s: %s" % (name, e))
        s.close()
        return None, None
    s.close()
    out = bytes(s.out)
    check_bytes(name, out, cols)
    compare(name, out + b"-- exit %d\n" % rc)
    return out, rc


# TERM says the terminal can do everything; --line sends nothing of it
out, rc = session("pty-readline", ["--line", "--lesson", "3"], "xterm-256color",
                  [b"more\r", b"set x -0.5\r", b"act sig\t\r", b"describe\r",
                   (b"set dep", b"\x03"), b"answer 0\r", b"help answer\r"], b"quit\r")
if out is not None:
    if b"act sigmoid" in out:
        ok("pty-readline: Tab completes 'sig' to sigmoid")
    else:
        bad("pty-readline: Tab did not complete 'sig'")
    if b"set dep^C\n" in out and b"depth" not in out.split(b"set dep^C\n")[1].split(PROMPT)[1]:
        ok("pty-readline: Ctrl-C drops the line and gives a new prompt")
    else:
        bad("pty-readline: Ctrl-C did not drop the line")
    if rc != 0:
        bad("pty-readline: exit status %r" % rc)

# Tab from the completion both front ends share: the line mode's own
# words, a lesson's slug, and an activation after `set race`
out, rc = session("pty-complete", ["--line", "--lesson", "3"], "xterm-256color",
                  [b"descr\t\r", b"help mea\t\r", b"set race sigm\t\r", b"lesson dep\t\r"],
                  b"quit\r")
if out is not None:
    for typed, got in ((b"descr", b"describe"), (b"help mea", b"help measure"),
                       (b"set race sigm", b"set race sigmoid"), (b"lesson dep", b"lesson depth")):
        if PROMPT + got + b" \n" in out:
            ok("pty-complete: Tab completes '%s' to '%s'" % (typed.decode(), got.decode()))
        else:
            bad("pty-complete: Tab did not complete '%s'" % typed.decode())

# TERM=dumb and no --line: the line mode by itself
out, rc = session("pty-term-dumb", ["--lesson", "2"], "dumb", [b"more\r", b"\r"], b"quit\r")
if out is not None and rc == 0 and b"line mode" in out:
    ok("pty-term-dumb: TERM=dumb starts the line mode; Enter reads on")

# no TERM at all; Ctrl-D leaves
out, rc = session("pty-term-unset", ["--lesson", "6"], None, [b"lab\r"], "eof")
if out is not None and rc != 0:
    bad("pty-term-unset: Ctrl-D: exit status %r" % rc)

# a terminal of 50 columns, with no COLUMNS: the lines follow it
out, rc = session("pty-50-columns", ["--line", "--lesson", "7"], "xterm-256color",
                  [b"describe\r", b"plot\r"], b"quit\r", cols=50)

# stdin a terminal, stdout a pipe (whyrelu | tee log): the line mode by itself
master, slave = pty.openpty()
state = tempfile.mkdtemp(prefix="whyrelu-line-pty.")
p = subprocess.Popen([BIN, "--lesson", "3"], stdin=slave, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, start_new_session=True, close_fds=True,
                     env={"PATH": "/usr/bin:/bin", "HOME": state, "LANG": "C", "LC_ALL": "C",
                          "TERM": "xterm-256color", "XDG_STATE_HOME": state,
                          "WHYRELU_LESSONS": os.environ["WHYRELU_LESSONS"]})
os.close(slave)
try:
    os.write(master, b"set x -1\nquit\n")
    got, err = p.communicate(timeout=DEADLINE)
    if p.returncode == 0 and b"line mode" in got and b"dead from\nlayer 1" in got:
        ok("stdout a pipe, stdin a terminal: the line mode, reading from the terminal")
    else:
        bad("stdout a pipe: exit %r, %r %r" % (p.returncode, got[-200:], err))
    check_bytes("stdout a pipe", got)
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
    bad("stdout a pipe: still running after %.0f s" % DEADLINE)
finally:
    os.close(master)

# Ctrl-C during a long run of the training view: the run stops, says how
# far it got, and the prompt comes back
state = tempfile.mkdtemp(prefix="whyrelu-line-pty.")
s = Session(["--line", "--lesson", "train"], "xterm-256color", state)
try:
    s.wait_prompts(1)
    s.type(b"more\r")
    n = s.out.count(PROMPT)
    os.write(s.master, b"run 100000000\r")
    end = time.monotonic() + DEADLINE
    while b"run 100000000\r\n" not in s.out and b"run 100000000\n" not in s.out:
        if time.monotonic() > end:
            raise AssertionError("the run was not echoed: %r" % bytes(s.out[-200:]))
        s.pump(0.05)
    os.write(s.master, b"\x03")
    s.wait_prompts(n + 1)
    tail = bytes(s.out[s.out.rfind(b"run 100000000"):])
    if re.search(rb"Stopped after \d+ of the 100000000 steps\.", tail) and \
            b"Step " in tail:
        ok("pty-readline: Ctrl-C stops a long run, and says where it got")
    else:
        bad("pty-readline: Ctrl-C did not stop the run: %r" % tail[:300])
    os.write(s.master, b"quit\r")
    s.wait_exit()
except (AssertionError, OSError) as e:
    bad("Ctrl-C during run: %s" % e)
finally:
    s.close()

# SIGTERM at the prompt: the place is saved, and the program dies of it
state = tempfile.mkdtemp(prefix="whyrelu-line-pty.")
s = Session(["--line", "--lesson", "8"], "xterm-256color", state)
try:
    s.wait_prompts(1)
    s.type(b"more\r")
    s.proc.send_signal(signal.SIGTERM)
    rc = s.wait_exit()
    with open(os.path.join(state, "whyrelu", "progress")) as f:
        prog = f.read()
    if rc == -signal.SIGTERM and "current dead-leaky\n" in prog and \
            re.search(r"^lesson dead-leaky [1-9]\d* 0$", prog, re.M):
        ok("SIGTERM: the place is saved, then the program ends by the signal")
    else:
        bad("SIGTERM: exit %r, progress %r" % (rc, prog))
except (AssertionError, OSError) as e:
    bad("SIGTERM: %s" % e)
finally:
    s.close()

sys.exit(1 if failures else 0)
