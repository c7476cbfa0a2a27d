#!/usr/bin/env python3
"""embed.py - compiles every scenario of scenarios/ into a C table of built-in scenarios.

Usage: embed.py OUTPUT.c DEPFILE SCENARIO_DIR

A built-in is a JSON scenario (NAME.json) or a JavaScript program (NAME.js, a CommonJS script,
or NAME.mjs, an ES module). Writes OUTPUT.c defining `ui_builtins` (see ui/builtin.h):
"default" first, the others by name, each the file's bytes. DEPFILE lists every file read and
the directory itself, so ninja regenerates the table when a scenario is edited, added or removed.

A JSON scenario has its title and description in its "name" and "description". A JavaScript
program has them in its header comment, the `//` lines it begins with:

    // The title, on the first line
    //
    // The description, in Markdown: the lines up to the first line of code (or of a
    // `// loopsim:` annotation), with an empty `//` between paragraphs.

A JavaScript built-in must also state what node prints (a `// loopsim: expect` block; the
conformance runner checks it against node) and be 5 to 40 lines of at most 100 columns. A
program that breaks these rules stops the build with "FILE:LINE: error: ...".
"""
import os
import sys

# The languages a built-in's file may be in, by extension: the enum ui_language of ui/builtin.h.
LANGUAGES = {".json": "UI_LANG_JSON", ".js": "UI_LANG_SCRIPT", ".mjs": "UI_LANG_MODULE"}
NOT_SCENARIOS = {"schema.json"}  # the format's JSON Schema
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


def check_program(path, lines):
    """The rules of a JavaScript built-in beyond its header."""
    if not MIN_LINES <= len(lines) <= MAX_LINES:
        raise BadProgram("%s:%d: error: %d lines: a built-in program has %d to %d"
                         % (path, len(lines), len(lines), MIN_LINES, MAX_LINES))
    for n, line in enumerate(lines, 1):
        if len(line) > MAX_COLUMNS:
            raise BadProgram("%s:%d: error: %d columns (at most %d)"
                             % (path, n, len(line), MAX_COLUMNS))
    if not any(comment_text(line) == "loopsim: expect" for line in lines):
        raise BadProgram("%s:1: error: a built-in program states what node prints in a "
                         "`// loopsim: expect` block" % path)


def builtin(directory, file):
    """One table row's fields: name, file, language, title, description, bytes."""
    name, ext = os.path.splitext(file)
    path = os.path.join(directory, file)
    with open(path, "rb") as f:
        data = f.read()
    title = description = None
    if LANGUAGES[ext] != "UI_LANG_JSON":
        lines = data.decode("utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        title, description = header(path, lines)
        check_program(path, lines)
    return {"name": name, "file": file, "language": LANGUAGES[ext], "title": title,
            "description": description, "data": data, "path": path}


def builtins(directory):
    """Every built-in of the directory, default first and the rest by name."""
    files = sorted(f for f in os.listdir(directory)
                   if os.path.splitext(f)[1] in LANGUAGES and f not in NOT_SCENARIOS)
    rows = [builtin(directory, f) for f in files]
    seen = {}
    for row in rows:
        if row["name"] in seen:
            raise BadProgram("%s: error: the built-in '%s' is also %s: one file per name"
                             % (row["path"], row["name"], seen[row["name"]]))
        seen[row["name"]] = row["path"]
    rows.sort(key=lambda r: (r["name"] != "default", r["name"]))
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
        parts.append("    {%s, %s, %s,\n     %s,\n     %s,\n     (const char *)%s_%d, %d},"
                     % (c_string(row["name"]), c_string(row["file"]), row["language"],
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
    with open(depfile, "w") as f:
        f.write("%s: %s\n" % (output.replace(" ", "\\ "),
                              " ".join(d.replace(" ", "\\ ") for d in deps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
