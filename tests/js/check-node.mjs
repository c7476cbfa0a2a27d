#!/usr/bin/env node
// check-node.mjs - the JavaScript conformance corpus against real node.
//
// Every program tests/js/conformance/NN-name.js (or .mjs, .cjs) has its recorded behaviour:
// NN-name.out holds node's exact standard output and manifest.json its exit status and whether
// it writes to standard error ({ "NN-name.js": { "exit": 0, "stderr": false }, ... }). This
// runs each program --runs times in node and compares all three with the record. A program
// with a mismatch runs 10 more times, each with no other program beside it, and fails if any of
// those mismatches too (tests/lib/confirm.mjs); so a program passes only if node fixes its
// output, as every program of the corpus must.
//
// usage: node tests/js/check-node.mjs [--runs N] [--jobs J] [--timeout S] [--node PATH]
//                                     [--dir DIR] [--record] [--verbose] [NAME...]
//
// --record runs each program --runs times (default 10 then) and, if every run printed the same
// and ended the same way, writes NAME.out and the program's manifest entry; a program whose
// runs differ is racy: nothing is written for it and it counts as failed. NAME is a program's
// file name, with or without its extension, or its number NN (default: every program). The
// runs of one program follow each other (some programs write a file beside themselves); up to
// --jobs programs run at once. Prints one line per failure, then "N programs, N passed"; exit
// status 0 iff all passed. --dir DIR checks (or records) another corpus kept the same way,
// such as tests/js/contract/ (default: tests/js/conformance/). Uses node's standard library only.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JOBS_OPTION, TIMEOUT_OPTION, parseCommandLine, usageError, wholeOption }
    from '../lib/args.mjs';
import { runConfirmed } from '../lib/confirm.mjs';
import { firstDifference, show } from '../lib/lines.mjs';
import { makeScheduler } from '../lib/schedule.mjs';
import { describeExit, run } from '../lib/spawn.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
// The corpus: tests/js/conformance/ unless --dir names another (options() sets it).
let CORPUS = join(HERE, 'conformance');
let MANIFEST = join(CORPUS, 'manifest.json');
const PROGRAM = /^\d+-[a-z0-9-]+\.(js|mjs|cjs)$/;
// Reruns after a mismatch, alone; none of them may mismatch.
const RERUNS = 10;
// A recording's default number of runs.
const RECORD_RUNS = 10;

const COMMAND_LINE = {
    script: 'check-node.mjs',
    synopsis: 'node tests/js/check-node.mjs [--runs N] [--jobs J] [--timeout S] [--node PATH]\n' +
              '                                    [--dir DIR] [--record] [--verbose] [NAME...]',
    positionals: true,
    options: {
        runs: wholeOption(1, undefined, 'N',
                          `runs of each program (default 3; ${RECORD_RUNS} with --record)`),
        jobs: JOBS_OPTION,
        timeout: TIMEOUT_OPTION,
        node: { type: 'string', placeholder: 'PATH',
                help: 'the node to run (default: the one running this script)' },
        dir: { type: 'string', placeholder: 'DIR',
               help: 'the corpus (default tests/js/conformance)' },
        record: { type: 'boolean',
                  help: 'record NAME.out and the manifest entry of programs whose runs agree' },
        verbose: { type: 'boolean', help: 'also print a line for each program that passed' },
    },
};

// The environment of every run: this one without what changes node's output or its pool.
function childEnv() {
    const env = { ...process.env };
    for (const name of ['NODE_OPTIONS', 'UV_THREADPOOL_SIZE', 'UV_USE_IO_URING', 'FORCE_COLOR',
                        'NODE_DISABLE_COLORS', 'NO_COLOR']) {
        delete env[name];
    }
    return env;
}

// The programs of the corpus, in the order of their numbers.
function allPrograms() {
    return readdirSync(CORPUS).filter((f) => PROGRAM.test(f))
        .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || (a < b ? -1 : 1));
}

// The file names NAME... select (or every program); usage error for one that names none.
function selectPrograms(names) {
    const all = allPrograms();
    if (names.length === 0) {
        return all;
    }
    return names.map((n) => {
        const b = basename(n);
        const number = /^\d+$/.test(b) ? parseInt(b, 10) : NaN;
        const f = all.find((p) => p === b || p.replace(/\.[mc]?js$/, '') === b ||
                           parseInt(p, 10) === number);
        if (f === undefined) {
            usageError(COMMAND_LINE, `no program ${n} in ${CORPUS}`);
        }
        return f;
    });
}

function readManifest() {
    return existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : {};
}

function outFile(program) {
    return join(CORPUS, program.replace(/\.[mc]?js$/, '.out'));
}

// One run's outcome as the record keeps it.
function outcome(r) {
    return { stdout: r.stdout, exit: r.code, stderr: r.stderr !== '' };
}

// null when run `r` ended as `want` ({ stdout, exit, stderr }) says, else a message.
function judge(r, want) {
    if (r.timedOut || r.code === null) {
        return describeExit(r);
    }
    const problems = [];
    const diff = firstDifference(want.stdout, r.stdout);
    if (diff !== null) {
        problems.push(`stdout line ${diff.line}: expected ${show(diff.a)}, got ${show(diff.b)}`);
    }
    if (r.code !== want.exit) {
        problems.push(`exit status ${r.code}, expected ${want.exit}`);
    }
    if ((r.stderr !== '') !== want.stderr) {
        const tail = r.stderr.trim().split('\n').slice(-1)[0];
        problems.push(want.stderr ? 'nothing on stderr, expected something'
                                  : `stderr not empty: ${JSON.stringify(tail)}`);
    }
    return problems.length === 0 ? null : problems.join('; ');
}

// A function that runs `program` once per call, one call after the other.
function runner(program, opts, schedule, counter) {
    let previous = Promise.resolve();
    const file = join(CORPUS, program);
    return (exclusive) => {
        const mine = previous.then(() => schedule(() => {
            counter.runs++;
            return run(opts.node, [file], ROOT, opts.timeout, opts.env);
        }, exclusive));
        previous = mine;
        return mine;
    };
}

async function checkProgram(program, want, opts, schedule, counter) {
    if (want === null) {
        return { ok: false, line: `FAIL ${program}: not recorded (run --record ${program})` };
    }
    const once = runner(program, opts, schedule, counter);
    const r = await runConfirmed(once, (res) => judge(res, want),
                                 { runs: opts.runs, reruns: RERUNS, tolerated: 0 });
    if (r.ok) {
        const first = r.runs.find((run1) => run1.problem !== null);
        const note = r.note === '' ? '' : ` (${r.note}; run ${first.index}: ${first.problem})`;
        return { ok: true, line: `ok   ${program}${note}`, noted: note !== '' };
    }
    const bad = r.bad[0];
    return {
        ok: false,
        line: `FAIL ${program}: ${r.bad.length} of ${r.runs.length} runs differ; ` +
              `run ${bad.index}: ${bad.problem}`,
    };
}

async function recordProgram(program, opts, schedule, counter) {
    const once = runner(program, opts, schedule, counter);
    const results = await Promise.all(Array.from({ length: opts.runs }, () => once(false)));
    const broken = results.find((r) => r.timedOut || r.code === null);
    if (broken !== undefined) {
        return { ok: false, line: `FAIL ${program}: ${describeExit(broken)}` };
    }
    const seen = new Map();
    for (const r of results) {
        const key = JSON.stringify(outcome(r));
        seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    if (seen.size > 1) {
        const [a, b] = [...seen.keys()].map((k) => JSON.parse(k));
        const why = judge({ stdout: b.stdout, code: b.exit, stderr: b.stderr ? 'x' : '' }, a) ??
                    'same output';
        return {
            ok: false,
            line: `RACY ${program}: ${seen.size} different outcomes in ${opts.runs} runs ` +
                  `(${[...seen.values()].join(' + ')}); ${why}`,
        };
    }
    return { ok: true, line: `rec  ${program}`, record: outcome(results[0]) };
}

function options(argv) {
    const { values, positionals } = parseCommandLine(argv, COMMAND_LINE);
    if (values.dir !== undefined) {
        CORPUS = resolve(values.dir);
        MANIFEST = join(CORPUS, 'manifest.json');
    }
    return {
        runs: values.runs ?? (values.record ? RECORD_RUNS : 3),
        jobs: values.jobs,
        timeout: values.timeout,
        node: values.node ?? process.execPath,
        record: Boolean(values.record),
        verbose: Boolean(values.verbose),
        programs: selectPrograms(positionals),
        env: childEnv(),
    };
}

async function main() {
    const opts = options(process.argv.slice(2));
    const schedule = makeScheduler(opts.jobs);
    const counter = { runs: 0 };
    const manifest = readManifest();
    const pending = opts.programs.map((p) => {
        if (opts.record) {
            return recordProgram(p, opts, schedule, counter);
        }
        const entry = manifest[p];
        const want = entry === undefined || !existsSync(outFile(p)) ? null
            : { stdout: readFileSync(outFile(p), 'utf8'), exit: entry.exit, stderr: entry.stderr };
        return checkProgram(p, want, opts, schedule, counter);
    });
    let passed = 0;
    let failed = 0;
    for (const p of pending) {
        const r = await p;
        if (r.ok) {
            passed++;
        } else {
            failed++;
        }
        if (!r.ok || opts.verbose || r.noted) {
            process.stdout.write(r.line + '\n');
        }
    }
    const present = new Set(allPrograms());
    for (const p of Object.keys(manifest)) {
        if (!present.has(p)) {
            failed++;
            process.stdout.write(`FAIL ${p}: in manifest.json but not in the corpus\n`);
        }
    }
    if (opts.record) {
        const results = await Promise.all(pending);
        for (const [i, r] of results.entries()) {
            if (r.record !== undefined) {
                const p = opts.programs[i];
                writeFileSync(outFile(p), r.record.stdout);
                manifest[p] = { exit: r.record.exit, stderr: r.record.stderr };
            }
        }
        // One program a line, in the order of their numbers.
        const lines = allPrograms().filter((p) => manifest[p] !== undefined).map((p) => {
            const e = manifest[p];
            return `  ${JSON.stringify(p)}: { "exit": ${e.exit}, "stderr": ${e.stderr} }`;
        });
        writeFileSync(MANIFEST, lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`);
    }
    process.stdout.write(`${counter.runs} node runs\n`);
    process.stdout.write(`${opts.programs.length} programs, ${passed} passed\n`);
    process.exit(failed === 0 ? 0 : 1);
}

main();
