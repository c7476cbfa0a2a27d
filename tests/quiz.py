#!/usr/bin/env python3
"""quiz.py - `loopsim quiz` end to end: grading, the typed and the listed question, the sheet.

Usage: quiz.py LOOPSIM SRCROOT

What each answer is graded is checked against what is true: the right order is what `loopsim
trace --logs` prints (the conformance suite pins that to node), a racy program's right orders
are `loopsim races --format jsonl`'s, and each explanation of a line names the callback that
printed it and the time it ran, as the jsonl trace of the same run has them. The listed
question runs in tmux: the script reads the list off the screen, moves the lines with the keys
into the order the trace prints, and checks the grade. The last line is "N passed, N failed".
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

BIN, ROOT = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok    " + what)
    else:
        failed += 1
        print("FAIL  " + what + ("\n      " + detail.replace("\n", "\n      ") if detail else ""))


def run(*args, stdin=None):
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def logs(name):
    return run("trace", "--logs", name)[1].splitlines()


def exercises():
    out = run("list")[1]
    section = out.split("Exercises (loopsim quiz NAME):", 1)[1]
    return [line.split()[0] for line in section.splitlines() if line.strip()]


tmp = tempfile.mkdtemp()


def write(name, data):
    path = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# ---- Right and wrong answers -------------------------------------------------------------

names = exercises()
check(len(names) >= 20, "at least 20 exercises are built in (%d)" % len(names))
for name in names:
    right = logs(name)
    rc, out, err = run("quiz", name, stdin="\n".join(right).encode())
    score = "standard input: right, %d/%d lines in order" % (len(right), len(right))
    check(rc == 0 and out.strip().endswith(score), "%s: the trace's order is right" % name,
          "rc %d\n%s%s" % (rc, out, err))

name = "02-tick-promise-timeout"
right = logs(name)
wrong = right[:]
wrong[1], wrong[2] = wrong[2], wrong[1]
rc, out, err = run("quiz", name, "--answer", write("swap.txt", "\n".join(wrong) + "\n"))
check(rc == 1, "%s: two lines swapped is wrong (exit 1)" % name, out + err)
check(out.rstrip().endswith("wrong, %d/%d lines in order" % (len(right) - 1, len(right))),
      "the score counts the lines in order", out)
check('"%s" prints 2nd:' % right[1] in out or '"%s" prints 3rd:' % right[2] in out,
      "the report explains a line out of place", out)

# The explanation of each line is the account of the callback that printed it, at its time.
rc, out, err = run("quiz", name, "--format", "json", stdin=("\n".join(wrong) + "\n").encode())
report = json.loads(out)
trace = [json.loads(l) for l in run("trace", "--format", "jsonl", name)[1].splitlines()]
callback = None
printed = []
for ev in trace:
    if ev.get("kind") == "callback":
        callback = ev
    elif ev.get("kind") == "log":
        printed.append((ev.get("text"), callback))
check([l["text"] for l in report["lines"]] == right, "json: the lines are the trace's", out)
check(report["right"] is False and report["in_order"] == len(right) - 1 and
      report["total"] == len(right), "json: right, in_order and total agree with the text")
for line, (text, cb) in zip(report["lines"], printed):
    ms = "%g" % (cb["time_ns"] / 1e6) if cb else "?"
    why = line["why"] or ""
    check(cb is not None and why.startswith("`%s` ran at " % cb["label"]) and
          (" ran at %s ms" % ms) in why.replace(".000 ms", " ms"),
          "json: %r is explained by %s's paragraph" % (text, cb and cb["label"]), why[:160])
moved = [l for l in report["lines"] if l["mark"] != "in-order"]
check(len(moved) == 1 and moved[0]["mark"] == "moved" and moved[0]["answered_at"] in (2, 3),
      "json: the one line out of place is marked moved, with its place in the answer", out)

rc, out, err = run("quiz", name, stdin=b"never printed\n" + "\n".join(right).encode())
check(rc == 1 and 'your line 1, "never printed": the program never prints it' in out,
      "a line the program never prints is named", out)
rc, out, err = run("quiz", name, stdin="\n".join(right[:-1]).encode())
check(rc == 1 and "(not in your answer)" in out, "a missing line is named", out)
rc, out, err = run("quiz", name, stdin=("\r\n".join(right) + "\r\n\n\n").encode())
check(rc == 0, "CRLF line ends and blank lines at the end are forgiven", out + err)

# How the run ends, as the jsonl trace's end record says it (the unhandled rejection's code 1).
for n in ("19-unhandled-rejection", name):
    end = json.loads(run("trace", "--format", "jsonl", n)[1].splitlines()[-1])
    r = json.loads(run("quiz", n, "--format", "json", stdin=b"x\n")[1])
    check((r["ending"] or "").endswith(": %s." % end["message"]),
          "%s: the report says how the run ends (%s)" % (n, end["message"]), repr(r["ending"]))

# ---- A racy program: every order Node may print is right -----------------------------------

racy = "03-timeout-or-immediate"
orders = [json.loads(l)["output"] for l in run("races", "--format", "jsonl", racy)[1].splitlines()]
check(len(orders) == 2, "%s: races finds two orders" % racy, repr(orders))
for order in orders:
    rc, out, err = run("quiz", racy, stdin="\n".join(order).encode())
    check(rc == 0 and "Node leaves this program's order open" in out,
          "%s: %s is right, and the report says Node leaves it open" % (racy, order), out + err)
    rc, out, err = run("quiz", racy, "--format", "json", stdin="\n".join(order).encode())
    r = json.loads(out)
    check(r["right"] and r["orders"] == 2 and r["when"], "json: right, 2 orders, and why", out)

# ---- Malformed answers and a folder of them ----------------------------------------------

bad = {
    "not-utf8.txt": (b"main\n\xff\n", r"not-utf8\.txt:2:1: error: .*UTF-8"),
    "nul.txt": (b"ma\x00in\n", r"nul\.txt:1:3: error: "),
    "empty.txt": (b"\n\n", r"empty\.txt:1:1: error: the answer is empty"),
}
for file, (data, pattern) in bad.items():
    rc, out, err = run("quiz", name, "--answer", write(file, data))
    check(rc == 2 and re.search(pattern, err), "malformed %s: exit 2, located error" % file,
          "rc %d, stderr %r" % (rc, err))
rc, out, err = run("quiz", name, "--answer", os.path.join(tmp, "missing.txt"))
check(rc == 2 and "missing.txt" in err, "a missing answer file: exit 2", err)

folder = os.path.join(tmp, "class")
write("class/alice.txt", "\n".join(right) + "\n")
write("class/bob.txt", "\n".join(wrong) + "\n")
write("class/notes.md", "not an answer\n")
rc, out, err = run("quiz", name, "--answer", folder)
check(rc == 1, "a folder with a wrong answer: exit 1", out + err)
check(out.splitlines() == [
    "%s/alice.txt: right, %d/%d lines in order" % (folder, len(right), len(right)),
    "%s/bob.txt: wrong, %d/%d lines in order" % (folder, len(right) - 1, len(right)),
    "1 of 2 answers right"], "a folder: a score line per *.txt file, then a summary", out)
write("class/carol.txt", b"\xfe\n")
rc, out, err = run("quiz", name, "--answer", folder)
check(rc == 2 and "carol.txt:1:1: error:" in err and "1 of 2 answers right" in out,
      "a malformed file in the folder: the others are graded, exit 2", out + err)
rc, out, err = run("quiz", name, "--answer", folder, "--format", "json")
rows = [json.loads(l) for l in out.splitlines()]
check([r["right"] for r in rows] == [True, False], "json: one object per line per answer", out)

for args, what in [(["quiz"], "no scenario"), (["quiz", name, "--format", "xml"], "--format xml"),
                   (["quiz", "--sheet", "--answer", "x"], "--sheet with --answer"),
                   (["quiz", name, "-o", tmp, "--answer", tmp], "-o with --answer")]:
    rc, out, err = run(*args)
    check(rc == 2 and err.startswith("loopsim: "), "usage error: %s (exit 2)" % what, err)

# An exercise's own annotations refused where they are wrong (sim/js/annotate.c).
HEAD = "// Title\n//\n// What it teaches.\n"
bad_exercises = [
    ("level 5", HEAD + "// loopsim: level 5\n// loopsim: prompt Q?\nconsole.log(1);\n",
     r":4:1: error: loopsim: level takes 1 \(first steps\) to 4 \(expert\), got '5'"),
    ("no prompt", HEAD + "// loopsim: level 2\nconsole.log(1);\n",
     r":4:1: error: an exercise needs a `// loopsim: prompt TEXT` line"),
    ("no level", HEAD + "// loopsim: prompt Q?\nconsole.log(1);\n",
     r":4:1: error: an exercise needs a `// loopsim: level N` line"),
    ("two prompts", HEAD + "// loopsim: level 1\n// loopsim: prompt A?\n// loopsim: prompt B?\n"
     "console.log(1);\n", r":6:1: error: an exercise has one loopsim: prompt"),
    ("empty hint", HEAD + "// loopsim: level 1\n// loopsim: prompt A?\n// loopsim: hint\n"
     "console.log(1);\n", r":6:1: error: loopsim: hint needs its text"),
    ("hint after the code", HEAD + "// loopsim: level 1\n// loopsim: prompt A?\n"
     "console.log(1);\n// loopsim: hint late\n", r":7:1: error: an exercise's level, prompt "
     "and hints go in the header comment"),
]
for what, text, pattern in bad_exercises:
    path = write("bad-exercise.js", text)
    rc, out, err = run("quiz", path, stdin=b"1\n")
    check(rc == 2 and re.search(re.escape(path) + pattern, err),
          "an exercise with %s is refused, located (exit 2)" % what, "rc %d, %r" % (rc, err))
path = write("good-exercise.js", HEAD + "// loopsim: level 3\n// loopsim: prompt Which first,\n"
             "// and which second?\n// loopsim: hint Look\n// closely.\n//\n"
             "// loopsim: hint Again.\nconsole.log('b');\nconsole.log('a');\n")
rc, out, err = run("quiz", path, "--typed", stdin=b"?\n?\nq\n")
check("Title  (advanced)" in out and "Which first, and which second?" in out and
      "Hint 1 of 2: Look closely." in out and "Hint 2 of 2: Again." in out and
      "What it teaches" not in out and "loopsim: hint" not in out,
      "an exercise's title, level, prompt and hints (joined over their lines) are read, the "
      "header left out of the program", out)

# ---- Typed -------------------------------------------------------------------------------

rc, out, err = run("quiz", name, "--typed", stdin=b"?\nzz\n")
listed = re.findall(r"^  ([a-z])\)  (.*)$", out, re.M)
check(len(listed) == len(right) and sorted(t for _, t in listed) == sorted(right),
      "typed: the lines are listed with their keys", out)
check("Hint 1 of" in out and "is the key of no line" in out, "typed: ? gives a hint, a bad key "
      "is told", out)
keys = " ".join(k for text in right for k, t in listed if t == text)
rc, out, err = run("quiz", name, "--typed", stdin=(keys + "\n").encode())
check(rc == 0 and "your answer: right" in out, "typed: the keys in the trace's order are right",
      out + err)

saved = os.path.join(tmp, "saved", "ada.txt")
os.makedirs(os.path.dirname(saved))
rc, out, err = run("quiz", name, "--typed", "-o", saved, stdin=(keys + "\n").encode())
check(rc == 0 and open(saved, encoding="utf-8").read() == "\n".join(right) + "\n",
      "typed -o FILE: the answer given is saved, one line each", out + err)
rc, out, err = run("quiz", name, "--answer", os.path.dirname(saved))
check(rc == 0 and out.splitlines()[-1] == "1 of 1 answer right", "the saved answer grades right",
      out + err)

# ---- The sheet ---------------------------------------------------------------------------

sheet = os.path.join(tmp, "sheet")
rc, out, err = run("quiz", "--sheet", "-o", sheet)
check(rc == 0 and sorted(os.listdir(sheet)) == ["key.html", "key.md", "sheet.html",
                                                "sheet.md"], "--sheet writes the four files",
      out + err)
md = open(os.path.join(sheet, "sheet.md"), encoding="utf-8").read()
key = open(os.path.join(sheet, "key.md"), encoding="utf-8").read()
check(md.count("\n## ") == len(names) and key.count("\n## ") == len(names),
      "the sheet and the key have every exercise")
for i, n in enumerate(names):
    part = key.split("\n## %d. " % (i + 1), 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\d+\. `(.*?)`", part, re.M)
    check(listed[:len(logs(n))] == logs(n), "key: %s's answer is the trace's order" % n,
          repr(listed))
    blank = md.split("\n## %d. " % (i + 1), 1)[1].split("\n## ", 1)[0]
    check(len(re.findall(r"^\d+\. _+$", blank, re.M)) == len(logs(n)),
          "sheet: %s has a blank per line" % n)
check("Node prints, and why" not in md and " ran at " not in md, "the sheet gives no answer away")
if shutil.which("xmllint"):
    for f in ("sheet.html", "key.html"):
        p = subprocess.run(["xmllint", "--noout", os.path.join(sheet, f)], capture_output=True)
        check(p.returncode == 0, "%s is well-formed" % f, p.stderr.decode())
else:
    check(False, "xmllint is installed (./run-tests installs libxml2-utils)")
rc, out, err = run("quiz", "--sheet", "-o", os.path.join(sheet, "key.md"))
check(rc == 2 and "not a directory" in err, "--sheet -o FILE: exit 2", err)

# ---- The listed question, in tmux --------------------------------------------------------

sock = "loopsim-quiz-%d" % os.getpid()


def tm(*args):
    return subprocess.run(["tmux", "-L", sock, "-f", os.devnull, *args], capture_output=True,
                          timeout=30).stdout.decode("utf-8", "replace")


def screen():
    return tm("capture-pane", "-p", "-t", "quiz")


def wait_for(pattern, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        text = screen()
        if re.search(pattern, text, re.M):
            time.sleep(0.2)
            return screen()
        time.sleep(0.1)
    return None


def keys(*k):
    tm("send-keys", "-t", "quiz", *k)
    time.sleep(0.15)


def listed_order(text):
    return [m[1] for m in re.findall(r"^.*?\s(\d+)\. [a-z]\) (.*?)\s*$", text, re.M)]


if shutil.which("tmux") is None:
    check(False, "tmux is installed (./run-tests installs it)")
else:
    quiz_cmd = "env LANG=C.UTF-8 TERM=screen %s quiz %s; echo EXIT=$?; sleep 600" % (BIN, name)
    tm("new-session", "-d", "-s", "quiz", "-x", "110", "-y", "36", quiz_cmd)
    text = wait_for(r"your answer: the lines")
    check(text is not None and "loopsim quiz" in text and "the program" in text,
          "listed: the program and the list are on the screen", text or screen())
    order = listed_order(text or "")
    check(sorted(order) == sorted(right) and order != right,
          "listed: the list holds the lines, not in Node's order", repr(order))
    keys("h")
    check("hint 1:" in screen(), "listed: h shows the first hint", screen())
    # Carry each line to its place: highlight it, pick it up, move it up, put it down.
    sel = 0
    for target, text_ in enumerate(right):
        at = order.index(text_, target)
        keys(*(["Down"] * (at - sel)) if at > sel else ["Up"] * (sel - at))
        keys("Space", *(["Up"] * (at - target)), "Space")
        order.insert(target, order.pop(at))
        sel = target
    check(listed_order(screen()) == right, "listed: the keys moved the lines into Node's order",
          screen())
    keys("Enter")
    done = wait_for(r"EXIT=\d")
    check(done is not None and "your answer: right" in done and "EXIT=0" in done,
          "listed: enter grades it right, exit 0", done or screen())
    tm("kill-server")

shutil.rmtree(tmp)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
