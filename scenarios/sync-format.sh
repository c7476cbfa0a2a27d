#!/usr/bin/env bash
# scenarios/sync-format.sh check|update SCHEMA OP_TABLE SRCROOT
#
# SCHEMA and OP_TABLE are what scenarios/describe.c generates from the tables of sim/ops.h at
# build time. `check` (the `generated` test) fails when scenarios/schema.json or the op table of
# docs/scenario-format.md (the lines between its two markers) differ from them; `update` (ninja
# -C build update-format) writes them there.
set -u

if [ $# -ne 4 ] || { [ "$1" != check ] && [ "$1" != update ]; }; then
    echo "usage: $0 check|update SCHEMA OP_TABLE SRCROOT" >&2
    exit 2
fi
mode=$1
schema=$2
table=$3
root=$4
docs=$root/docs/scenario-format.md
begin='<!-- The op table is generated'
end='<!-- End of the generated op table. -->'

# The docs with their op table replaced by the file $1, on stdout.
docs_with_table() {
    awk -v begin="$begin" -v end="$end" -v table="$1" '
        index($0, end) == 1 { inside = 0 }
        !inside { print }
        index($0, begin) == 1 { inside = 1; while ((getline line < table) > 0) print line }
    ' "$docs"
}

if ! grep -q "^$begin" "$docs" || ! grep -qF "$end" "$docs"; then
    echo "FAIL  docs/scenario-format.md has lost the markers around its op table" >&2
    exit 1
fi
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT
docs_with_table "$table" >"$tmp"

if [ "$mode" = update ]; then
    cp "$schema" "$root/scenarios/schema.json" && cp "$tmp" "$docs" || exit 1
    echo "scenarios/schema.json and the op table of docs/scenario-format.md are up to date"
    exit 0
fi
status=0
if ! cmp -s "$schema" "$root/scenarios/schema.json"; then
    echo "FAIL  scenarios/schema.json is not what sim/ops.h generates:"
    diff -u "$root/scenarios/schema.json" "$schema" | head -40
    status=1
fi
if ! cmp -s "$tmp" "$docs"; then
    echo "FAIL  the op table of docs/scenario-format.md is not what sim/ops.h generates:"
    diff -u "$docs" "$tmp" | head -40
    status=1
fi
if [ "$status" -ne 0 ]; then
    echo "      (run: ninja -C build update-format, and commit what it writes)"
else
    echo "PASS  scenarios/schema.json and the docs' op table are what sim/ops.h generates"
fi

# The schema says what the loader says: every built-in scenario is valid against it, and a few
# that the loader refuses are not (python3's jsonschema, where it is installed).
python3 - "$schema" "$root/scenarios" <<'PY' || status=1
import glob, json, os, sys
try:
    import jsonschema
except ImportError:
    print("skip  the scenarios against the schema: python3 has no jsonschema module")
    sys.exit(0)
schema = json.load(open(sys.argv[1]))
check = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sorted(glob.glob(os.path.join(sys.argv[2], "*.json"))):
    if os.path.basename(path) != "schema.json":
        for error in check.iter_errors(json.load(open(path))):
            print("FAIL  %s: %s" % (os.path.basename(path), error.message))
            bad += 1
refused = [
    {"loopsim": 1, "name": "a", "main": [{"op": "setTimeout", "dealy": 1}]},
    {"loopsim": 1, "name": "a", "main": [{"op": "fs.stat"}]},
    {"loopsim": 1, "name": "a", "main": [{"op": "repeat", "times": 2.5}]},
    {"loopsim": 1, "name": "a", "main": [{"op": "zlib.gzip", "ms": 1, "jobs": 0}]},
    {"loopsim": 1, "name": "a", "main": [{"op": "fs.rename", "ms": -1}]},
    {"loopsim": 1, "name": "a", "main": [{"op": "on", "event": "exti"}]},
    {"loopsim": 1, "name": "a", "config": {"limits": {"idle": 1}}, "main": []},
    {"loopsim": 2, "name": "a", "main": []},
]
for scenario in refused:
    if check.is_valid(scenario):
        print("FAIL  the schema accepts what the loader refuses: %s" % json.dumps(scenario))
        bad += 1
print("%s  every built-in scenario is valid against the schema, %d refused ones are not"
      % ("PASS" if bad == 0 else "FAIL", len(refused)))
sys.exit(1 if bad else 0)
PY
exit "$status"
