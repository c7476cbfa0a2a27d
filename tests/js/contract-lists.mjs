// contract-lists.mjs - the checks of tests/js/contract/ that node cannot judge, for
// check-loopsim.mjs --dir: what loopsim says when it refuses or stops a program (errors.txt),
// what the trace of the virtual-time programs says (trace.json), and that the table of
// docs/js-contract.md names only programs that exist, and every one of them.
//
// Each check returns a list of results { name, label, problem }: the program, what was
// checked, and what differs (null when it passed). The caller decides what a failure of a
// program listed in not-yet.txt means.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../lib/spawn.mjs';

// Seconds a loopsim run may take: the busy-wait runaway reads the clock 75 million times.
const TIMEOUT_S = 120;

/** The lines of `file` without comments (#...) and blank lines. */
export function listLines(file) {
    return readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim())
        .filter((l) => l !== '');
}

// The program of an errors.txt line: `STATUS FILE:LINE:COL: error: ...` or
// `STATUS loopsim: FILE: ...`.
function parseErrorLine(line) {
    const m = /^(\d+) ((?:loopsim: )?([^:\s]+):.*)$/.exec(line);
    return m === null ? null : { status: Number(m[1]), stderr: m[2], name: m[3] };
}

/**
 * errors.txt of `dir`: each program, run as `loopsim trace --logs FILE` in `dir`, exits with
 * STATUS and its standard error starts with the line given.
 */
export async function checkErrors(loopsim, dir, notYet) {
    const results = [];
    for (const line of listLines(join(dir, 'errors.txt'))) {
        const want = parseErrorLine(line);
        if (want === null) {
            results.push({ name: line, label: line, problem: 'errors.txt: not STATUS FILE...' });
            continue;
        }
        const r = await run(loopsim, ['trace', '--logs', want.name], dir, TIMEOUT_S);
        const status = r.timedOut ? 'timed out' : r.code;
        const first = r.stderr.split('\n')[0];
        let problem = null;
        if (notYet.has(want.name)) {
            problem = status === want.status ? null : `exit status ${status}, not refused`;
        } else if (status !== want.status) {
            problem = `exit status ${status}, expected ${want.status}: ${JSON.stringify(first)}`;
        } else if (first !== want.stderr) {
            problem = `stderr ${JSON.stringify(first)}, expected ${JSON.stringify(want.stderr)}`;
        }
        results.push({ name: want.name, label: `${want.name} (errors.txt)`, problem });
    }
    return results;
}

// null when the trace's events of the kinds `want` names are `want`, else what differs.
function compareEvents(events, want) {
    const kinds = new Set(want.map((w) => w.event));
    const got = events.filter((e) => kinds.has(e.event));
    for (let i = 0; i < Math.max(got.length, want.length); i++) {
        if (got[i] === undefined || want[i] === undefined) {
            return `${got.length} events of the kinds ${[...kinds].join(', ')}, ` +
                `expected ${want.length}`;
        }
        for (const [key, value] of Object.entries(want[i])) {
            if ((got[i][key] ?? 0) !== value) {
                return `event ${i + 1} (seq ${got[i].seq}): ${key} is ` +
                    `${JSON.stringify(got[i][key])}, expected ${JSON.stringify(value)}`;
            }
        }
    }
    return null;
}

/** trace.json of `dir`: each check's events in the jsonl trace of its program. */
export async function checkTraces(loopsim, dir) {
    const { checks } = JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8'));
    const results = [];
    for (const c of checks) {
        const args = ['trace', '--format', 'jsonl', c.program, ...(c.args ?? [])];
        const r = await run(loopsim, args, dir, TIMEOUT_S);
        let problem;
        if (r.timedOut || r.code !== 0) {
            problem = `loopsim exited with status ${r.code}: ${r.stderr.split('\n')[0]}`;
        } else {
            const events = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
            problem = compareEvents(events, c.events);
        }
        const shown = c.args ? ` ${c.args.join(' ')}` : '';
        results.push({ name: c.program, label: `${c.program}${shown} (${c.why})`, problem });
    }
    return results;
}

// Every program of `dir` and of its folders, as paths relative to it.
function programsOf(dir) {
    const found = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
            found.push(...programsOf(join(dir, entry.name)).map((p) => `${entry.name}/${p}`));
        } else if (/\.(js|mjs|cjs)$/.test(entry.name)) {
            found.push(entry.name);
        }
    }
    return found;
}

/**
 * The table of `tableFile` (docs/js-contract.md): every program its rows name in backquotes
 * (`01-values.js`, `refused/class.js`) is a program of `dir`, and every program of `dir` is
 * named by a row.
 */
export function checkTable(tableFile, dir) {
    const named = new Set();
    for (const line of readFileSync(tableFile, 'utf8').split('\n')) {
        if (line.startsWith('|')) {
            for (const m of line.matchAll(/`([a-z0-9/-]+\.(?:js|mjs|cjs))`/g)) {
                named.add(m[1]);
            }
        }
    }
    const present = new Set(programsOf(dir));
    const problems = [];
    for (const p of named) {
        if (!present.has(p)) {
            problems.push(`${tableFile} names ${p}, which is not in ${dir}`);
        }
    }
    for (const p of present) {
        if (!named.has(p)) {
            problems.push(`${p} is in no row of ${tableFile}`);
        }
    }
    if (named.size === 0) {
        problems.push(`${tableFile} names no program`);
    }
    if (problems.length === 0) {
        return [{ name: tableFile, label: `${tableFile}: names ${named.size} programs`,
                  problem: null }];
    }
    return problems.map((problem) => ({ name: tableFile, label: tableFile, problem }));
}
