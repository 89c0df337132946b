"""class.py BIN [options] - a class of learners on one machine.

Starts --sessions copies of the tutorial (default 200), each on its own
pseudo-terminal (80x24) with its own HOME and XDG_STATE_HOME, and has each
press a key every --interval seconds (default 0.1) for --seconds (default
60): a script that walks the lessons (n, p, Space, j) and moves the lab
(h l - + Tab). One process drives them all, polling every master fd; no
network, no threads (epoll: a turn of the loop costs what is ready, not
what is open).

It reports, across all sessions:
  - latency from the write of a key to the first byte the program sent
    back, and to the settled screen (the last byte before that session's
    next key): p50, p99 and max. The target is on the settled screen,
    the later of the two. A key that drew nothing before the next key is
    counted apart (a key that changed nothing, or an answer later than
    the interval: a count well above zero means the class is lagging);
  - CPU: user+sys of the sessions, from wait4 when each has exited;
  - memory: the peak, over samples every few seconds, of the sum of PSS
    (/proc/PID/smaps_rollup) of the sessions. PSS charges each shared page
    (the program, ncurses, libc) to its sharers in equal parts, so the sum
    is what the class costs the machine; the sum of RSS, shown beside it,
    counts every shared page once per session and overstates it;
  - any session that failed: crashed or exited before it was told to,
    whose output stopped while it was being sent keys, that did not exit
    0 on q, or whose progress file does not record where its keys took it.

Exits 1 when a session failed or lost its progress, 2 on usage errors.
The targets (p99 at most 50 ms, total memory at most 1.2 GB) are marked
ok or OVER. A hard timeout (--seconds plus a margin) kills every session
and cleans up.
"""

import argparse
import fcntl
import heapq
import os
import pty
import random
import re
import resource
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time

COLS, ROWS = 80, 24
TARGET_P99_MS = 50.0
TARGET_MEM_MB = 1200.0
STALL = 5.0              # seconds without output while keys go in: stopped
SAMPLE_EVERY = 10.0      # seconds between memory samples (each reads 200 smaps)
START_TIMEOUT = 30.0     # for a session's first screen
QUIT_TIMEOUT = 30.0      # for every session to exit after q

# One cycle of the script: walk on a lesson (n, or p when walking back),
# page and scroll it, move the lab, step back a lesson and on again. The
# walk turns at either end, so every n and p opens a lesson.
CYCLE = ("fwd", b"l", b" ", b"+", b"h", b"j", b"\t", b"-", "back", "fwd")


class Session:
    def __init__(self, idx, home):
        self.idx = idx
        self.home = home
        self.pid = None
        self.fd = None
        self.ready = False
        self.seen = b""          # output until the first screen is whole
        self.started = None
        self.next_key = None
        self.end = None
        self.step = 0
        self.pos, self.dir = 0, 1  # the lesson the keys lead to, the walk
        self.visited = {0}
        self.key_t = None        # the last key written: when
        self.key_b = None        # and which
        self.first = self.last = None
        self.last_out = None
        self.keys = 0
        self.quiet_keys = 0
        self.late_keys = 0
        self.pending = []        # keys with no answer yet: (time, key)
        self.exited = None       # (status, rusage) once reaped
        self.failed = None
        self.quit_sent = False
        self.done = False        # no more keys to send it

    def next_bytes(self, nlessons):
        a = CYCLE[self.step % len(CYCLE)]
        self.step += 1
        if a == "fwd":
            if not 0 <= self.pos + self.dir < nlessons:
                self.dir = -self.dir
            self.pos += self.dir
            self.visited.add(self.pos)
            return b"n" if self.dir > 0 else b"p"
        if a == "back":
            self.pos -= self.dir
            return b"p" if self.dir > 0 else b"n"
        return a


def how_ended(status):
    if os.WIFSIGNALED(status):
        return "signal %d" % os.WTERMSIG(status)
    return "status %d" % os.WEXITSTATUS(status)


def doing(pid):
    """What a stalled process was doing: its state and where it waits in
    the kernel (/proc/PID/wchan), e.g. "sleeping in ..._fsync"."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        with open("/proc/%d/wchan" % pid) as f:
            wchan = f.read().strip() or "?"
    except OSError:
        return "gone"
    what = {"R": "running", "S": "sleeping", "D": "in uninterruptible sleep"}.get(state, state)
    return "%s in %s" % (what, wchan) if wchan not in ("0", "?") else what


def lesson_slugs(d):
    found = []
    for f in os.listdir(d):
        m = re.match(r"^([0-9]+)-(.+)\.md$", f)
        if m:
            found.append((int(m.group(1)), m.group(2)))
    return [s for _, s in sorted(found)]


def spawn(s, argv):
    env = {"PATH": "/usr/bin:/bin", "HOME": s.home, "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "XDG_STATE_HOME": os.path.join(s.home, ".local", "state")}
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
    s.pid, s.fd = pid, fd
    s.started = time.monotonic()


def pct(v, p):
    if not v:
        return float("nan")
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def mem_mb(pids):
    """(sum of PSS, sum of RSS) in MB over the live pids."""
    pss = rss = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            pass
    return pss / 1024.0, rss / 1024.0


def read_progress(home):
    path = os.path.join(home, ".local", "state", "whyrelu", "progress")
    cur, lessons = None, set()
    try:
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) >= 2 and w[0] == "current":
                    cur = w[1]
                elif len(w) >= 2 and w[0] == "lesson":
                    lessons.add(w[1])
    except OSError:
        return None, set()
    return cur, lessons


def main():
    ap = argparse.ArgumentParser(description="many learners at once, on pseudo-terminals")
    ap.add_argument("bin")
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--lessons", help="the lessons directory (default: lessons/ beside BIN)")
    a = ap.parse_args()
    if a.sessions < 1 or a.seconds <= 0 or a.interval <= 0:
        print("class.py: --sessions, --seconds and --interval must be above 0", file=sys.stderr)
        return 2
    binp = os.path.abspath(a.bin)
    lessons = os.path.abspath(a.lessons or os.path.join(os.path.dirname(binp), "lessons"))
    if not os.access(binp, os.X_OK):
        print("class.py: %s is not an executable program" % binp, file=sys.stderr)
        return 2
    slugs = lesson_slugs(lessons) if os.path.isdir(lessons) else []
    if len(slugs) < 2:
        print("class.py: %s holds fewer than two lessons (NN-slug.md) to walk" % lessons,
              file=sys.stderr)
        return 2

    # every session holds one master fd
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = a.sessions + 64
    if soft != resource.RLIM_INFINITY and soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            print("class.py: %d sessions need %d open files; the hard limit is %d"
                  % (a.sessions, need, hard), file=sys.stderr)
            return 2
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))

    root = tempfile.mkdtemp(prefix="whyrelu-class.")
    argv = [binp, "--lessons", lessons]
    rnd = random.Random(8)
    sessions = []
    for i in range(a.sessions):
        home = os.path.join(root, "s%03d" % i)
        os.makedirs(home)
        sessions.append(Session(i, home))
    first_lat, settled_lat = [], []
    by_key = {}                  # key -> ([settled latencies], keys that drew nothing)
    peak_pss = peak_rss = 0.0
    # starting the whole class at once would be a thundering herd nobody
    # sees in a real workshop: one session every 20 ms
    launch_gap = 0.02
    t_begin = time.monotonic()
    hard_end = t_begin + a.sessions * launch_gap + START_TIMEOUT + a.seconds + QUIT_TIMEOUT + 30
    by_fd = {}
    poller = select.epoll()
    launched = 0
    next_sample = t_begin + a.sessions * launch_gap + 1.0   # all started
    timed_out = False
    interrupted = []
    old_int = signal.signal(signal.SIGINT, lambda *_: interrupted.append(1))
    old_term = signal.signal(signal.SIGTERM, lambda *_: interrupted.append(1))

    def reap_all():
        """Every session that has exited: wait4 on any child, so the loop
        costs one system call per exit, not one per session per turn."""
        while True:
            try:
                pid, status, ru = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if not pid:
                return
            s = by_pid.get(pid)
            if s is not None:
                s.exited = (status, ru)
                if not s.quit_sent:
                    fail(s, "exited before it was told to quit (%s)" % how_ended(status))

    def fail(s, why):
        if not s.failed:
            s.failed = why

    def finish_key(s):
        """The key written last has had its time: record its latency. A key
        answered only after the next one was written is charged from its
        own write to that answer (late, never early); one never answered
        at all (it changed nothing) is counted apart."""
        if s.key_t is None:
            return
        lat, quiet = by_key.setdefault(s.key_b, ([], [0]))
        if s.first is None:
            s.pending.append((s.key_t, s.key_b))
        else:
            first_lat.append(s.first - s.key_t)
            settled_lat.append(s.last - s.key_t)
            lat.append(s.last - s.key_t)
        s.key_t = s.first = s.last = None

    def output(s, t):
        s.last_out = t
        for kt, kb in s.pending:
            first_lat.append(t - kt)
            settled_lat.append(t - kt)
            by_key[kb][0].append(t - kt)
            s.late_keys += 1
        s.pending = []
        if s.key_t is not None:
            if s.first is None:
                s.first = t
            s.last = t

    got_child = []
    old_chld = signal.signal(signal.SIGCHLD, lambda *_: got_child.append(1))
    by_pid = {}
    events = []      # (time, session index): its next key
    try:
        # ---- the class runs ----
        ndone = [0]

        def done(s):
            if not s.done:
                s.done = True
                ndone[0] += 1

        next_check = t_begin + 1.0
        while ndone[0] < a.sessions:
            now = time.monotonic()
            if interrupted:
                raise KeyboardInterrupt
            if now > hard_end:
                timed_out = True
                break
            while launched < a.sessions and now >= t_begin + launched * launch_gap:
                s = sessions[launched]
                spawn(s, argv)
                by_fd[s.fd] = s
                by_pid[s.pid] = s
                poller.register(s.fd, select.EPOLLIN)
                launched += 1
            if got_child:
                got_child.clear()
                reap_all()
            # keys due
            while events and events[0][0] <= now:
                _, i = heapq.heappop(events)
                s = sessions[i]
                if s.exited is not None or s.failed:
                    done(s)
                    continue
                # output already waiting answers the last key: read it now
                # (its time then errs late, never early)
                try:
                    if os.read(s.fd, 65536):
                        output(s, time.monotonic())
                except OSError:
                    pass
                finish_key(s)
                if now >= s.end:
                    done(s)
                    continue
                k = s.next_bytes(len(slugs))
                s.key_t, s.key_b = time.monotonic(), k
                try:
                    os.write(s.fd, k)
                except OSError as e:
                    fail(s, "writing a key: %s" % os.strerror(e.errno))
                s.keys += 1
                if s.last_out is not None and s.key_t - s.last_out > STALL:
                    fail(s, "its output stopped (nothing for %.0f s while keys went in; "
                         "it was %s)" % (s.key_t - s.last_out, doing(s.pid)))
                s.next_key += a.interval
                heapq.heappush(events, (s.next_key, i))
            if now >= next_check:
                next_check = now + 1.0
                for s in sessions[:launched]:
                    if not s.ready and not s.failed and now - s.started > START_TIMEOUT:
                        fail(s, "no first screen in %.0f s" % START_TIMEOUT)
                        done(s)
            if now >= next_sample:
                pss, rss = mem_mb([s.pid for s in sessions if s.pid and s.exited is None])
                peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
                next_sample = now + SAMPLE_EVERY
            wake = min(events[0][0] if events else now + 0.05,
                       t_begin + launched * launch_gap if launched < a.sessions else now + 0.05,
                       now + 0.05)
            try:
                ready = poller.poll(max(0.0, wake - time.monotonic()))
            except InterruptedError:
                continue
            for fd, ev in ready:
                s = by_fd[fd]
                t = time.monotonic()
                try:
                    data = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""   # EIO: the program closed its terminal
                if not data:
                    poller.unregister(fd)
                    if not s.quit_sent:
                        fail(s, "closed its terminal before it was told to quit")
                        if not s.ready:
                            done(s)
                    continue
                if not s.ready:
                    s.last_out = t
                    s.seen += data
                    if b"quit" in s.seen:    # the key hints: the first screen is whole
                        s.ready = True
                        s.seen = b""
                        s.next_key = t + rnd.uniform(0, a.interval)
                        s.end = s.next_key + a.seconds
                        heapq.heappush(events, (s.next_key, s.idx))
                    continue
                output(s, t)
        # and once more at the end, every lesson and view met by now
        pss, rss = mem_mb([s.pid for s in sessions if s.pid and s.exited is None])
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        for s in sessions:
            finish_key(s)
            s.quiet_keys = len(s.pending)
            for _, kb in s.pending:
                by_key[kb][1][0] += 1

        # ---- everyone quits ----
        t_quit = time.monotonic()
        for s in sessions:
            if s.pid and s.exited is None:
                try:
                    os.write(s.fd, b"q")
                except OSError:
                    pass
                s.quit_sent = True
        while time.monotonic() < t_quit + QUIT_TIMEOUT:
            pending = [s for s in sessions if s.pid and s.exited is None]
            if not pending:
                break
            for fd, _ in poller.poll(0.1):
                try:
                    if os.read(fd, 65536):
                        continue
                except BlockingIOError:
                    continue
                except OSError:
                    pass
                poller.unregister(fd)
            reap_all()
        for s in sessions:
            if s.pid and s.exited is None:
                fail(s, "did not exit within %.0f s of q" % QUIT_TIMEOUT)
            elif s.exited and not s.failed:
                st = s.exited[0]
                if not (os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0):
                    fail(s, "ended with %s after q" % how_ended(st))
            if not s.failed:
                cur, have = read_progress(s.home)
                want = slugs[s.pos]
                missing = sorted(slugs[i] for i in s.visited if slugs[i] not in have)
                if cur != want:
                    fail(s, "lost its progress: current lesson %s, its keys led to %s"
                         % (cur, want))
                elif missing:
                    fail(s, "lost its progress: no record of %s" % ", ".join(missing))
    except KeyboardInterrupt:
        timed_out = True
        print("class.py: interrupted", file=sys.stderr)
    finally:
        for s in sessions:
            if s.pid and s.exited is None:
                try:
                    os.kill(s.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                try:
                    _, status, ru = os.wait4(s.pid, 0)
                    s.exited = (status, ru)
                except ChildProcessError:
                    pass
                if not s.failed:
                    s.failed = "killed at the hard timeout" if timed_out else "killed"
            if s.fd is not None:
                try:
                    os.close(s.fd)
                except OSError:
                    pass
        shutil.rmtree(root, ignore_errors=True)
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)
        signal.signal(signal.SIGCHLD, old_chld)

    wall = time.monotonic() - t_begin
    cpu = sum(s.exited[1].ru_utime + s.exited[1].ru_stime for s in sessions
              if s.exited and s.exited[1] is not None)
    keys = sum(s.keys for s in sessions)
    quiet = sum(s.quiet_keys for s in sessions)
    failed = [s for s in sessions if s.failed]
    ms = lambda v: v * 1000.0
    p99 = ms(pct(settled_lat, 99))
    print("%d sessions at %dx%d, a key every %g ms for %g s each: %d keys"
          % (a.sessions, COLS, ROWS, a.interval * 1000, a.seconds, keys))
    print("%-38s %9s %9s %9s" % ("latency (ms)", "p50", "p99", "max"))
    print("%-38s %9.2f %9.2f %9.2f" % ("key to first byte", ms(pct(first_lat, 50)),
                                        ms(pct(first_lat, 99)), ms(pct(first_lat, 100))))
    print("%-38s %9.2f %9.2f %9.2f  target p99 <= %g: %s"
          % ("key to settled screen (the target's)", ms(pct(settled_lat, 50)), p99,
             ms(pct(settled_lat, 100)), TARGET_P99_MS,
             "ok" if p99 <= TARGET_P99_MS else "OVER"))
    names = {b"\t": "Tab", b" ": "Space"}
    print("settled, by key:" + "".join(
        "  %s %.1f/%.1f" % (names.get(k, k.decode()), ms(pct(v[0], 50)), ms(pct(v[0], 99)))
        for k, v in sorted(by_key.items())) + "  (p50/p99 ms)")
    late = sum(s.late_keys for s in sessions)
    print("keys answered only after the next key went in (charged from their own write): %d"
          % late)
    print("keys that drew nothing at all: %d%s" % (quiet, "".join(
        " %s %d" % (names.get(k, k.decode()), v[1][0]) for k, v in sorted(by_key.items())
        if v[1][0])))
    print("CPU, user+sys of the sessions: %.1f s in %.1f s, %.0f%% of %d cores"
          % (cpu, wall, 100.0 * cpu / wall / (os.cpu_count() or 1), os.cpu_count() or 1))
    print("memory at the peak: sum of PSS %.0f MB (sum of RSS %.0f MB)  target <= %g MB: %s"
          % (peak_pss, peak_rss, TARGET_MEM_MB, "ok" if peak_pss <= TARGET_MEM_MB else "OVER"))
    me = resource.getrusage(resource.RUSAGE_SELF)
    print("CPU of this driver (on the same cores): %.1f s" % (me.ru_utime + me.ru_stime))
    print("failed sessions: %d" % len(failed))
    for s in failed[:20]:
        print("  session %d: %s" % (s.idx, s.failed))
    if len(failed) > 20:
        print("  ... and %d more" % (len(failed) - 20))
    return 1 if failed or timed_out else 0


if __name__ == "__main__":
    sys.exit(main())
