"""class.py BIN - real-pty smoke tests of `whyrelu class`.

A tree of fake homes: one learner whose file is whole, one whose file is
damaged, one whose progress is a symbolic link out of the home, one whose
file cannot be read (not root: mode 0000; root: the tree given to a
throwaway uid, the file to another with mode 0600, and the program run as
the first after dropping privileges) and one with nothing yet. The view
must show each as a row saying so, follow a save made while it runs (and a
learner who appears), sort, and restore the terminal on q and on SIGTERM;
without a terminal it prints CSV or JSON with the same rows. As root, a
learner (nobody) also runs the tutorial with WHYRELU_CLASS_DIR, and an
instructor of another uid, in the directory's group only, reads the copy.
Uses the smoke tests' Term (tests/smoke/smoke.py); every wait has a
deadline.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smoke  # noqa: E402

LEARNER_UID = 47117     # the uid the tree is given to when run as root
OTHER_UID = 47118       # the unreadable file's owner
ROOT = os.geteuid() == 0
LESSONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lessons")
# the CSV's lesson count: the course's lessons, NN-slug.md
NLESSONS = sum(1 for n in os.listdir(LESSONS) if n[:2].isdigit() and n.endswith(".md"))
TREES = []


def progress(current, done, quiz=()):
    lines = ["whyrelu-progress 1", "current %s" % current]
    lines += ["lesson %s 0 1" % s for s in done] + ["lesson %s 0 0" % current]
    lines += ["quiz %s %d %s 0" % q for q in quiz]
    return "\n".join(lines) + "\n"


def save(home, text):
    """As the tutorial saves: a new file renamed into place."""
    d = os.path.join(home, ".local", "state", "whyrelu")
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, ".progress.tmp-test")
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, os.path.join(d, "progress"))
    if ROOT:
        for p in (tmp.rsplit("/", 1)[0], os.path.join(d, "progress")):
            os.chown(p, LEARNER_UID, LEARNER_UID)


def tree():
    root = tempfile.mkdtemp(prefix="whyrelu-class-smoke.")
    TREES.append(root)
    homes = os.path.join(root, "homes")
    os.makedirs(os.path.join(root, "outside"))
    with open(os.path.join(root, "outside", "progress"), "w") as f:
        f.write(progress("cost", ["welcome"]))
    save(os.path.join(homes, "ada"), progress("relu", ["welcome", "linear"],
                                              [("welcome", 1, "right"), ("linear", 1, "wrong")]))
    save(os.path.join(homes, "bob"), "whyrelu-progress 1\ncurrent relu\nlesson relu oops 1\n")
    d = os.path.join(homes, "cyd", ".local", "state", "whyrelu")
    os.makedirs(d)
    os.symlink(os.path.join(root, "outside", "progress"), os.path.join(d, "progress"))
    save(os.path.join(homes, "dan"), progress("linear", ["welcome"]))
    os.makedirs(os.path.join(homes, "fay"))
    dan = os.path.join(homes, "dan", ".local", "state", "whyrelu", "progress")
    if ROOT:
        for dirpath, dirnames, filenames in os.walk(root):
            for n in [dirpath] + [os.path.join(dirpath, x) for x in dirnames + filenames]:
                os.lchown(n, LEARNER_UID, LEARNER_UID)
        os.chown(dan, OTHER_UID, OTHER_UID)
        os.chmod(dan, 0o600)
    else:
        os.chmod(dan, 0)
    return root, homes


def argv(*args):
    """The program as the instructor runs it: as root, with privileges
    dropped to the tree's owner, so that the unreadable file is so."""
    cmd = [smoke.BIN, "class", "--lessons", LESSONS] + list(args)
    if ROOT:
        return ["/usr/bin/setpriv", "--reuid=%d" % LEARNER_UID, "--regid=%d" % LEARNER_UID,
                "--clear-groups"] + cmd
    return cmd


def rows_ready(t):
    s = t.text()
    return "? help" in s and "fay" in s


def check_rows(s):
    assert "03 relu" in s, "ada's current lesson not shown:\n" + s
    assert "damaged: line 3: a bad lesson line" in s, "bob's damaged file not shown:\n" + s
    assert "a symbolic link, not followed" in s, "cyd's link not refused:\n" + s
    assert "Permission denied" in s, "dan's unreadable file not shown:\n" + s
    assert "no progress yet" in s, "fay not shown:\n" + s


def row(t, name):
    for line in t.screen.display:
        if line.startswith(" " + name + " "):
            return line
    return ""


def test_view_follows_the_class():
    root, homes = tree()
    t = smoke.Term(argv(homes), env={"HOME": "/"})
    try:
        t.wait_for(rows_ready, "the class")
        check_rows(t.text())
        assert "2/20" in row(t, "ada"), row(t, "ada")
        # ada saves while the view runs: the row follows (inotify, or
        # the poll a few seconds later)
        save(os.path.join(homes, "ada"), progress("why-zero", ["welcome", "linear", "relu"]))
        t.wait_for(lambda t: "04 why-zero" in row(t, "ada"), "ada's new lesson", 8 * smoke.SCALE)
        assert "3/20" in row(t, "ada"), row(t, "ada")
        # a learner who appears
        save(os.path.join(homes, "eve"), progress("depth", ["welcome"]))
        if ROOT:
            os.lchown(os.path.join(homes, "eve"), LEARNER_UID, LEARNER_UID)
        t.wait_for(lambda t: "07 depth" in row(t, "eve"), "eve", 8 * smoke.SCALE)
        # sorted by lesson: the furthest behind first, problems before them
        t.send("l")
        t.wait_text("by lesson")
        names = [line.split()[0] for line in t.screen.display[1:9] if line.strip()]
        order = [n for n in names if n in ("ada", "eve")]
        assert order == ["ada", "eve"], "by lesson: %r" % names
        t.send("q")
        rc = t.wait_exit()
        assert rc == 0, "exit status %r" % rc
        t.check_restored()
    finally:
        t.close()


def test_view_resize_and_sigterm():
    root, homes = tree()
    t = smoke.Term(argv(homes), env={"HOME": "/"})
    try:
        t.wait_for(rows_ready, "the class")
        # wider: the lessons beside the learners
        t.resize(132, 40)
        t.wait_for(lambda t: "quizzes:" in t.text() and "03 relu" in row(t, "ada"),
                   "both panes at 132x40")
        t.proc.send_signal(signal.SIGTERM)
        rc = t.wait_exit()
        assert rc == -signal.SIGTERM, "exit status %r" % rc
        t.check_restored()
    finally:
        t.close()


def test_no_terminal_csv_and_json():
    root, homes = tree()
    env = {"PATH": "/usr/bin:/bin", "HOME": "/", "LC_ALL": "C.UTF-8"}
    p = subprocess.run(argv(homes), env=env, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=10 * smoke.SCALE)
    assert p.returncode == 0, p.stderr
    csv = p.stdout.decode()
    lines = csv.split("\r\n")
    assert lines[0].startswith("name,status,lesson,"), lines[0]
    by = {ln.split(",")[0]: ln for ln in lines[1:] if ln}
    assert by["ada"].startswith("ada,ok,3,relu,2,%d,1,1," % NLESSONS), by["ada"]
    assert by["bob"].startswith("bob,damaged,"), by["bob"]
    assert by["cyd"].startswith("cyd,refused,"), by["cyd"]
    assert by["dan"].startswith("dan,unreadable,") and "Permission denied" in by["dan"], by["dan"]
    assert by["fay"].startswith("fay,none,"), by["fay"]
    p = subprocess.run(argv("--json", homes), env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=10 * smoke.SCALE)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    st = {x["name"]: x["status"] for x in d["learners"]}
    assert st == {"ada": "ok", "bob": "damaged", "cyd": "refused", "dan": "unreadable",
                  "fay": "none"}, st
    assert d["learners_read"] == 1
    assert d["hardest_quiz"] == {"lesson": 2, "quiz": 1}, d["hardest_quiz"]
    assert d["most_stopped_at"]["slug"] == "relu", d["most_stopped_at"]


def test_dumb_terminal_refused():
    """A terminal that cannot move the cursor: a message that says what
    to do instead, status 2, nothing drawn."""
    root, homes = tree()
    t = smoke.Term(argv(homes), env={"HOME": "/", "TERM": "dumb"})
    try:
        rc = t.wait_exit()
        assert rc == 2, "exit status %r" % rc
        assert "the class view needs an interactive terminal (TERM=dumb cannot move the " \
            "cursor); --csv or --json prints the table" in t.raw.decode(), t.raw
        assert b"\x1b[" not in t.raw, "drew on a dumb terminal: %r" % t.raw
    finally:
        t.close()


def test_not_root_names_the_class():
    if not ROOT:
        cmd = [smoke.BIN, "class"]
    else:
        cmd = ["/usr/bin/setpriv", "--reuid=%d" % LEARNER_UID, "--regid=%d" % LEARNER_UID,
               "--clear-groups", smoke.BIN, "class"]
    p = subprocess.run(cmd, env={"PATH": "/usr/bin:/bin", "HOME": "/"},
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=10 * smoke.SCALE)
    assert p.returncode == 2, p.returncode
    assert b"name the learners' progress files or directories, or set WHYRELU_CLASS_DIR" \
        in p.stderr, p.stderr


def test_root_reads_every_home():
    """Root, no argument: a row for each account of uid 1000 to 60000 in
    the password database whose home is a directory, as Python's pwd
    sees them, and nothing else."""
    if not ROOT:
        print("     (not root: reading every home is not tested)")
        return
    import pwd
    want = sorted({p.pw_name for p in pwd.getpwall()
                   if 1000 <= p.pw_uid <= 60000 and p.pw_dir.startswith("/")
                   and p.pw_dir != "/" and os.path.isdir(p.pw_dir)})
    p = subprocess.run([smoke.BIN, "class", "--csv", "--lessons", LESSONS],
                       env={"PATH": "/usr/bin:/bin", "HOME": "/"}, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=10 * smoke.SCALE)
    assert p.returncode == 0, p.stderr
    lines = [ln for ln in p.stdout.decode().split("\r\n")[1:] if ln]
    got = sorted(ln.split(",")[0] for ln in lines)
    assert got == want, "rows %r, accounts %r" % (got, want)


def test_class_directory_end_to_end():
    """A learner's tutorial with WHYRELU_CLASS_DIR leaves a copy, 0640 in
    the directory's group, that the instructor (not root, in that group)
    reads with `whyrelu class` and no argument. Root only: it needs a
    learner with an account (nobody) and an instructor of another uid."""
    if not ROOT:
        print("     (not root: the class directory is tested by test_class only)")
        return
    import pwd
    nobody = pwd.getpwnam("nobody")
    teacher_uid, staff_gid = 47119, 47120
    root = tempfile.mkdtemp(prefix="whyrelu-class-dir.")
    TREES.append(root)
    os.chmod(root, 0o755)
    cdir = os.path.join(root, "class")
    os.mkdir(cdir)
    os.chown(cdir, teacher_uid, staff_gid)
    os.chmod(cdir, 0o3773)
    state = os.path.join(root, "state")
    os.mkdir(state, 0o700)
    os.chown(state, nobody.pw_uid, nobody.pw_gid)
    learner = ["/usr/bin/setpriv", "--reuid=%d" % nobody.pw_uid, "--regid=%d" % nobody.pw_gid,
               "--clear-groups", smoke.BIN, "--lessons", LESSONS]
    t = smoke.Term(learner, env={"HOME": "/", "XDG_STATE_HOME": state,
                                 "WHYRELU_CLASS_DIR": cdir})
    try:
        t.wait_for(smoke.lab_ready, "the tutorial")
        t.send("n")
        t.wait_text("02")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()
    copy = os.path.join(cdir, "nobody")
    st = os.stat(copy)
    assert st.st_mode & 0o7777 == 0o640, oct(st.st_mode)
    assert st.st_gid == staff_gid and st.st_uid == nobody.pw_uid, (st.st_uid, st.st_gid)
    with open(os.path.join(state, "whyrelu", "progress")) as f, open(copy) as g:
        assert f.read() == g.read(), "the copy differs from the progress"
    p = subprocess.run(["/usr/bin/setpriv", "--reuid=%d" % teacher_uid,
                        "--regid=%d" % staff_gid, "--clear-groups", smoke.BIN, "class",
                        "--lessons", LESSONS],
                       env={"PATH": "/usr/bin:/bin", "HOME": "/", "WHYRELU_CLASS_DIR": cdir},
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=10 * smoke.SCALE)
    assert p.returncode == 0, p.stderr
    rows = [ln for ln in p.stdout.decode().split("\r\n")[1:] if ln]
    assert len(rows) == 1 and rows[0].startswith("nobody,ok,2,linear,0,%d," % NLESSONS), rows


TESTS = [
    test_view_follows_the_class,
    test_class_directory_end_to_end,
    test_root_reads_every_home,
    test_view_resize_and_sigterm,
    test_no_terminal_csv_and_json,
    test_dumb_terminal_refused,
    test_not_root_names_the_class,
]


def main():
    if len(sys.argv) != 2:
        print("usage: class.py BIN", file=sys.stderr)
        return 2
    smoke.BIN = os.path.abspath(sys.argv[1])
    if ROOT:
        print("class smoke: run as root: the unreadable file is another uid's, mode 0600, "
              "read by uid %d (privileges dropped with setpriv)" % LEARNER_UID)
    else:
        print("class smoke: not root: the unreadable file is mode 0000")
    passed, failed = smoke.run_tests(TESTS)
    for d in TREES + smoke.STATE_DIRS:
        shutil.rmtree(d, ignore_errors=True)
    print("class smoke: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
