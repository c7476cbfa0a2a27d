#!/usr/bin/env python3
"""embed.py - compiles every scenario of scenarios/ and every exercise of scenarios/exercises/
into a C table of built-in scenarios.

Usage: embed.py OUTPUT.c DEPFILE SCENARIO_DIR

A built-in is a JSON scenario (NAME.json) or a JavaScript program (NAME.js, a CommonJS script,
or NAME.mjs, an ES module). Writes OUTPUT.c defining `ui_builtins` (see ui/builtin.h):
"default" first, the other scenarios by name, then the exercises by name, each the file's
bytes. DEPFILE lists every file read and both directories, so ninja regenerates the table when
a scenario or an exercise is edited, added or removed. A name is unique across both.

A JSON scenario has its title and description in its "name" and "description". A JavaScript
program has them in its header comment, the `//` lines it begins with:

    // The title, on the first line
    //
    // The description, in Markdown: the lines up to the first line of code (or of a
    // `// loopsim:` annotation), with an empty `//` between paragraphs.

A JavaScript built-in must also state what node prints (a `// loopsim: expect` block; the
conformance runner checks it against node) and be 5 to 40 lines of at most 100 columns. A
program that breaks these rules stops the build with "FILE:LINE: error: ...".

An exercise, scenarios/exercises/NAME.js (or .mjs), is a JavaScript program with the same
header and bounds, and the annotations of a classroom exercise (docs/js-input.md, Exercises):

    // loopsim: level 2                 1 (first steps) to 4 (expert), once
    // loopsim: prompt In what order do the lines print?
    // loopsim: hint The gentlest hint first; any number of them

It must have a level and a prompt, and must NOT have a `// loopsim: expect` block: its answer
is what the engine computes, never written by hand (the conformance runner checks it against
node). Its table row has `exercise` set.
"""
import os
import sys

# The languages a built-in's file may be in, by extension: the enum ui_language of ui/builtin.h.
LANGUAGES = {".json": "UI_LANG_JSON", ".js": "UI_LANG_SCRIPT", ".mjs": "UI_LANG_MODULE"}
NOT_SCENARIOS = {"schema.json"}  # the format's JSON Schema
EXERCISES = "exercises"          # the subdirectory of the exercises
EXERCISE_LEVELS = 4              # SIM_EXERCISE_LEVELS of sim/program.h
MIN_LINES, MAX_LINES, MAX_COLUMNS = 5, 40, 100


class BadProgram(Exception):
    """A JavaScript built-in that breaks the rules above; the message is located."""


def c_bytes(data):
    """The bytes as lines of C hex literals."""
    out = []
    for i in range(0, len(data), 16):
        out.append("    " + ", ".join("0x%02x" % b for b in data[i:i + 16]) + ",")
    return "\n".join(out)


def c_string(text):
    """A C string literal (or NULL) for text."""
    if text is None:
        return "NULL"
    # Octal escapes for all but plain ASCII: they end after three digits, and a `??` cannot
    # become a trigraph.
    return '"%s"' % "".join(chr(b) if 0x20 <= b < 0x7f and chr(b) not in '"\\?' else
                            "\\%03o" % b for b in text.encode("utf-8"))


def ident(name):
    """A C identifier for a scenario name (file names may hold '-' or '.')."""
    return "scenario_" + "".join(c if c.isalnum() else "_" for c in name)


def comment_text(line):
    """The text of a `//` comment line (after `// `), or None for a line that is not one."""
    stripped = line.strip()
    if not stripped.startswith("//"):
        return None
    text = stripped[2:]
    return text[1:] if text.startswith(" ") else text


def header(path, lines):
    """A JavaScript program's title and description, from its header comment."""
    texts = []
    for line in lines:
        text = comment_text(line)
        if text is None or text.startswith("loopsim:"):
            break
        texts.append(text.rstrip())
    if not texts or texts[0] == "":
        raise BadProgram("%s:1: error: a built-in program begins with a `// TITLE` comment line"
                         % path)
    title, rest = texts[0], texts[1:]
    paragraphs = []
    for text in rest:
        if text == "":
            paragraphs.append([])
        elif paragraphs:
            paragraphs[-1].append(text)
        else:
            raise BadProgram("%s:2: error: an empty `//` line separates the title from the "
                             "description" % path)
    description = "\n\n".join("\n".join(p) for p in paragraphs if p)
    if description == "":
        raise BadProgram("%s:2: error: the header comment needs a description after the title "
                         "(what the program teaches)" % path)
    return title, description


def annotation(line):
    """The text of a `// loopsim:` line after `loopsim:`, or None."""
    text = comment_text(line)
    if text is None or not text.startswith("loopsim:"):
        return None
    return text[len("loopsim:"):].strip()


def check_exercise(path, lines):
    """An exercise's own rules: a level and a prompt, and no expect block."""
    level = prompt = None
    for n, line in enumerate(lines, 1):
        text = annotation(line)
        if text is None:
            continue
        word, _, rest = text.partition(" ")
        rest = rest.strip()
        if word == "expect":
            raise BadProgram("%s:%d: error: an exercise has no `// loopsim: expect` block: its "
                             "answer is computed by the engine" % (path, n))
        if word == "level":
            if level is not None:
                raise BadProgram("%s:%d: error: an exercise states its level once" % (path, n))
            if not (len(rest) == 1 and "1" <= rest <= str(EXERCISE_LEVELS)):
                raise BadProgram("%s:%d: error: `// loopsim: level` takes 1 (first steps) to %d "
                                 "(expert), got '%s'" % (path, n, EXERCISE_LEVELS, rest))
            level = n
        elif word == "prompt":
            if prompt is not None:
                raise BadProgram("%s:%d: error: an exercise has one `// loopsim: prompt`"
                                 % (path, n))
            if rest == "":
                raise BadProgram("%s:%d: error: `// loopsim: prompt` needs its question"
                                 % (path, n))
            prompt = n
        elif word == "hint" and rest == "":
            raise BadProgram("%s:%d: error: `// loopsim: hint` needs its text" % (path, n))
    for what, found in (("level N", level), ("prompt TEXT", prompt)):
        if found is None:
            raise BadProgram("%s:1: error: an exercise needs a `// loopsim: %s` line"
                             % (path, what))


def check_program(path, lines, exercise):
    """The rules of a JavaScript built-in beyond its header."""
    if not MIN_LINES <= len(lines) <= MAX_LINES:
        raise BadProgram("%s:%d: error: %d lines: a built-in program has %d to %d"
                         % (path, len(lines), len(lines), MIN_LINES, MAX_LINES))
    for n, line in enumerate(lines, 1):
        if len(line) > MAX_COLUMNS:
            raise BadProgram("%s:%d: error: %d columns (at most %d)"
                             % (path, n, len(line), MAX_COLUMNS))
    if exercise:
        check_exercise(path, lines)
    elif not any(comment_text(line) == "loopsim: expect" for line in lines):
        raise BadProgram("%s:1: error: a built-in program states what node prints in a "
                         "`// loopsim: expect` block" % path)


def builtin(directory, file, exercise=False):
    """One table row's fields: name, file, language, title, description, exercise, bytes."""
    name, ext = os.path.splitext(file)
    path = os.path.join(directory, EXERCISES, file) if exercise else os.path.join(directory, file)
    with open(path, "rb") as f:
        data = f.read()
    title = description = None
    if LANGUAGES[ext] != "UI_LANG_JSON":
        lines = data.decode("utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        title, description = header(path, lines)
        check_program(path, lines, exercise)
    elif exercise:
        raise BadProgram("%s:1: error: an exercise is a JavaScript program (.js or .mjs)" % path)
    return {"name": name, "file": file, "language": LANGUAGES[ext], "title": title,
            "description": description, "exercise": exercise, "data": data, "path": path}


def builtins(directory):
    """Every built-in: the scenarios, default first and the rest by name, then the exercises."""
    files = sorted(f for f in os.listdir(directory)
                   if os.path.splitext(f)[1] in LANGUAGES and f not in NOT_SCENARIOS)
    rows = [builtin(directory, f) for f in files]
    rows.sort(key=lambda r: (r["name"] != "default", r["name"]))
    exercises = os.path.join(directory, EXERCISES)
    if os.path.isdir(exercises):
        rows += [builtin(directory, f, True) for f in sorted(os.listdir(exercises))
                 if os.path.splitext(f)[1] in LANGUAGES]
    seen = {}
    for row in rows:
        if row["name"] in seen:
            raise BadProgram("%s: error: the built-in '%s' is also %s: one file per name"
                             % (row["path"], row["name"], seen[row["name"]]))
        seen[row["name"]] = row["path"]
    return rows


def table(rows):
    """The C file."""
    parts = ["/* Generated by scenarios/embed.py from the files of scenarios/: do not edit. */",
             '#include "builtin.h"', ""]
    for i, row in enumerate(rows):
        data = row["data"]
        parts.append("static const unsigned char %s_%d[%d] = {\n%s\n};\n"
                     % (ident(row["name"]), i, max(len(data), 1), c_bytes(data) or "    0,"))
    parts.append("const struct ui_builtin ui_builtins[] = {")
    for i, row in enumerate(rows):
        parts.append("    {%s, %s, %s, %s,\n     %s,\n     %s,\n     (const char *)%s_%d, %d},"
                     % (c_string(row["name"]), c_string(row["file"]), row["language"],
                        "true" if row["exercise"] else "false",
                        c_string(row["title"]), c_string(row["description"]),
                        ident(row["name"]), i, len(row["data"])))
    if not rows:
        parts.append("    {0},")
    parts.append("};")
    parts.append("const size_t ui_builtin_count = %d;" % len(rows))
    return "\n".join(parts) + "\n"


def main():
    output, depfile, directory = sys.argv[1:4]
    try:
        rows = builtins(directory)
    except BadProgram as e:
        sys.stderr.write("%s\n" % e)
        return 1
    with open(output, "w") as f:
        f.write(table(rows))
    deps = [directory] + [row["path"] for row in rows]
    if os.path.isdir(os.path.join(directory, EXERCISES)):
        deps.insert(1, os.path.join(directory, EXERCISES))
    with open(depfile, "w") as f:
        f.write("%s: %s\n" % (output.replace(" ", "\\ "),
                              " ".join(d.replace(" ", "\\ ") for d in deps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
