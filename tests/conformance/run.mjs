#!/usr/bin/env node
// run.mjs - the conformance runner: every scenario against real Node and against loopsim.
//
// For each scenarios/NAME.json it runs the JavaScript twin tests/conformance/NAME.js (or .mjs)
// several times in node and checks that every output is one the scenario allows (`expect`, or one
// of `expect_any`); then it runs `LOOPSIM trace --logs scenarios/NAME.json` and checks that too.
// So the scenario's expectations are pinned to what Node really prints, and the simulator to them.
//
// usage: node tests/conformance/run.mjs (--loopsim PATH | --no-loopsim) [--runs N] [--jobs J]
//                                       [--timeout SECONDS] [NAME...]
//
// A twin that contains the line "// loopsim-conformance: exclusive" is CPU-bound; it runs with no
// other process of this runner beside it. Uses node's standard library only.
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../fuzz/spawn.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SCENARIOS = join(ROOT, 'scenarios');
const NOT_SCENARIOS = new Set(['schema.json']);
const HELPERS = new Set(['outside.js', 'run.mjs']);

const USAGE = `usage: node tests/conformance/run.mjs (--loopsim PATH | --no-loopsim) [--runs N] [--jobs J]
                                   [--timeout SECONDS] [NAME...]
  --loopsim PATH   the loopsim binary; each scenario's "trace --logs" output is checked too
  --no-loopsim     check only the JavaScript twins in node
  --runs N         runs of each twin (default 3)
  --jobs J         processes at once (default 2)
  --timeout S      seconds before a run is killed (default 20)
  NAME...          scenarios to check (default: every scenarios/*.json)`;

function usageError(message) {
    process.stderr.write(`run.mjs: ${message}\n${USAGE}\n`);
    process.exit(2);
}

function parseCount(flag, text) {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) {
        usageError(`${flag} needs a whole number >= 1, got "${text}"`);
    }
    return n;
}

function parseArgs(argv) {
    const opts = { loopsim: null, noLoopsim: false, runs: 3, jobs: 2, timeout: 20, names: [] };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) {
                usageError(`${a} needs a value`);
            }
            return argv[++i];
        };
        if (a === '--loopsim') {
            opts.loopsim = value();
        } else if (a === '--no-loopsim') {
            opts.noLoopsim = true;
        } else if (a === '--runs') {
            opts.runs = parseCount(a, value());
        } else if (a === '--jobs') {
            opts.jobs = parseCount(a, value());
        } else if (a === '--timeout') {
            opts.timeout = parseCount(a, value());
        } else if (a === '-h' || a === '--help') {
            process.stdout.write(USAGE + '\n');
            process.exit(0);
        } else if (a.startsWith('-')) {
            usageError(`unknown option ${a}`);
        } else {
            opts.names.push(basename(a).replace(/\.json$/, ''));
        }
    }
    if (opts.loopsim === null && !opts.noLoopsim) {
        usageError('give --loopsim PATH, or --no-loopsim to check only the twins');
    }
    if (opts.loopsim !== null && opts.noLoopsim) {
        usageError('--loopsim and --no-loopsim exclude each other');
    }
    return opts;
}

function checkBinary(path) {
    if (!existsSync(path)) {
        process.stderr.write(`run.mjs: error: loopsim binary not found: ${path}\n` +
            '  (build it first, or pass --no-loopsim to check only the JavaScript twins)\n');
        process.exit(2);
    }
    try {
        accessSync(path, constants.X_OK);
    } catch {
        process.stderr.write(`run.mjs: error: loopsim binary is not executable: ${path}\n`);
        process.exit(2);
    }
}

/* A scenario as the runner needs it, or { error } when it cannot be used. */
function loadScenario(name) {
    const file = join(SCENARIOS, `${name}.json`);
    const s = { name, file, twin: null, allowed: null, exitCodes: new Set([0]), exclusive: false };
    let doc;
    try {
        doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
        return { ...s, error: e.code === 'ENOENT' ? `no such scenario ${file}` : `bad JSON: ${e.message}` };
    }
    if (Array.isArray(doc.expect)) {
        s.allowed = [doc.expect];
    } else if (Array.isArray(doc.expect_any) && doc.expect_any.length > 0) {
        s.allowed = doc.expect_any;
    } else {
        return { ...s, error: 'the scenario has no expect or expect_any' };
    }
    // A scenario that calls process.exit(code) lets its twin end with that status.
    JSON.stringify(doc, (key, v) => {
        if (v && v.op === 'exit') {
            s.exitCodes.add(v.code ?? 0);
        }
        return v;
    });
    for (const ext of ['.js', '.mjs']) {
        const twin = join(HERE, name + ext);
        if (existsSync(twin)) {
            s.twin = twin;
        }
    }
    if (s.twin === null) {
        return { ...s, error: `no twin: write tests/conformance/${name}.js (or .mjs)` };
    }
    s.exclusive = /^\/\/ loopsim-conformance: exclusive\b/m.test(readFileSync(s.twin, 'utf8'));
    return s;
}

/* Runs `cmd args` in the repository root, killed after `timeoutSec`; `status` is its exit code. */
async function runProcess(cmd, args, timeoutSec) {
    const r = await run(cmd, args, ROOT, timeoutSec);
    return { ...r, status: r.code };
}

/* Runs tasks with at most `jobs` at once; an exclusive task runs with nothing beside it. */
function makeScheduler(jobs) {
    let running = 0;
    let exclusiveRunning = false;
    const waiting = [];
    const pump = () => {
        while (waiting.length > 0) {
            const next = waiting[0];
            const fits = next.exclusive ? running === 0 : !exclusiveRunning && running < jobs;
            if (!fits) {
                return;
            }
            waiting.shift();
            running++;
            exclusiveRunning = next.exclusive;
            next.fn().then((r) => {
                running--;
                exclusiveRunning = false;
                next.resolve(r);
                pump();
            });
        }
    };
    return (fn, exclusive) => new Promise((res) => {
        waiting.push({ fn, exclusive, resolve: res });
        pump();
    });
}

function toLines(stdout) {
    const lines = stdout.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') {
        lines.pop();
    }
    return lines;
}

function sameLines(a, b) {
    return a.length === b.length && a.every((line, i) => line === b[i]);
}

function commonPrefix(a, b) {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) {
        i++;
    }
    return i;
}

const show = (line) => (line === undefined ? '(end of output)' : JSON.stringify(line));

/* null when `got` is allowed, else a message naming the first differing line. */
function judge(got, allowed) {
    if (allowed.some((exp) => sameLines(got, exp))) {
        return null;
    }
    let best = allowed[0];
    for (const exp of allowed) {
        if (commonPrefix(got, exp) > commonPrefix(got, best)) {
            best = exp;
        }
    }
    const i = commonPrefix(got, best);
    const which = allowed.length > 1 ? ` (closest of ${allowed.length} allowed outputs)` : '';
    return `line ${i + 1}${which}: expected ${show(best[i])}, got ${show(got[i])}\n` +
        `    full output: ${JSON.stringify(got)}`;
}

function describeFailure(r) {
    if (r.timedOut) {
        return 'timed out';
    }
    if (r.status === null) {
        return r.signal ? `killed by ${r.signal}` : `could not start: ${r.stderr}`;
    }
    return `exit status ${r.status}`;
}

function stderrTail(r) {
    const text = r.stderr.trim();
    if (text === '') {
        return '';
    }
    const lines = text.split('\n');
    return '\n    stderr: ' + lines.slice(-6).join('\n            ');
}

/* Runs the twin n times; returns the problems of the runs that printed what is not allowed. */
async function runTwin(s, opts, schedule, n, exclusive, first) {
    const runs = [];
    for (let i = 0; i < n; i++) {
        runs.push(schedule(() => runProcess(process.execPath, [s.twin], opts.timeout), exclusive));
    }
    const results = await Promise.all(runs);
    const problems = [];
    results.forEach((r, i) => {
        const mismatch = judge(toLines(r.stdout), s.allowed);
        const badExit = r.timedOut || r.status === null || !s.exitCodes.has(r.status);
        if (mismatch !== null || badExit) {
            const why = badExit ? `${describeFailure(r)}; ` : '';
            problems.push(`node run ${first + i}: ${why}${mismatch ?? 'output ok'}${stderrTail(r)}`);
        }
    });
    return problems;
}

/*
 * The twin's runs. A busy machine can make a timed twin print another order: a mismatch counts
 * only if it survives a rerun of RERUNS more runs, each with nothing beside it, of which at most
 * one may mismatch again.
 */
const RERUNS = 6;

async function checkTwin(s, opts, schedule) {
    const problems = await runTwin(s, opts, schedule, opts.runs, s.exclusive, 1);
    if (problems.length === 0) {
        return { passed: opts.runs, problems, note: '' };
    }
    const again = await runTwin(s, opts, schedule, RERUNS, true, opts.runs + 1);
    if (again.length <= 1) {
        const note = `; ${problems.length} of ${opts.runs} differed, then ` +
                     `${RERUNS - again.length}/${RERUNS} on a rerun alone: a busy machine`;
        return { passed: opts.runs - problems.length, problems: [], note };
    }
    return { passed: opts.runs - problems.length, problems: [...problems, ...again], note: '' };
}

async function checkLoopsim(s, opts, schedule) {
    // Relative to the repository root (the cwd of every run), so loopsim's messages read
    // "scenarios/NAME.json:LINE:COL: …".
    const file = join('scenarios', `${s.name}.json`);
    const r = await schedule(() => runProcess(opts.loopsim, ['trace', '--logs', file], opts.timeout), false);
    if (r.timedOut || r.status !== 0) {
        return `loopsim: ${describeFailure(r)}${stderrTail(r)}`;
    }
    const mismatch = judge(toLines(r.stdout), s.allowed);
    return mismatch === null ? null : `loopsim: ${mismatch}`;
}

async function checkScenario(s, opts, schedule) {
    if (s.error) {
        return { ok: false, line: `FAIL ${s.name}: ${s.error}` };
    }
    const [twin, sim] = await Promise.all([
        checkTwin(s, opts, schedule),
        opts.noLoopsim ? Promise.resolve(null) : checkLoopsim(s, opts, schedule),
    ]);
    const problems = [...twin.problems];
    if (sim !== null) {
        problems.push(sim);
    }
    const counts = `node ${twin.passed}/${opts.runs}${opts.noLoopsim ? '' : ', loopsim'}${twin.note}`;
    if (problems.length === 0) {
        return { ok: true, line: `ok   ${s.name} (${counts})` };
    }
    const what = twin.problems.length > 0 ? `node ${twin.passed}/${opts.runs}` : 'node ok';
    const simWhat = opts.noLoopsim ? '' : sim === null ? ', loopsim ok' : ', loopsim failed';
    return {
        ok: false,
        line: `FAIL ${s.name}: ${what}${simWhat}\n` + problems.map((p) => `  ${p}`).join('\n'),
    };
}

function scenarioNames(opts) {
    if (opts.names.length > 0) {
        return opts.names;
    }
    const names = readdirSync(SCENARIOS)
        .filter((f) => f.endsWith('.json') && !NOT_SCENARIOS.has(f))
        .map((f) => f.slice(0, -'.json'.length))
        .sort();
    const known = new Set(names);
    for (const f of readdirSync(HERE).sort()) {
        const m = /^(.*)\.(m?js)$/.exec(f);
        if (m && !HELPERS.has(f) && !known.has(m[1])) {
            process.stderr.write(`run.mjs: warning: ${f} has no scenarios/${m[1]}.json\n`);
        }
    }
    return names;
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.loopsim !== null) {
        opts.loopsim = resolve(opts.loopsim);
        checkBinary(opts.loopsim);
    }
    const schedule = makeScheduler(opts.jobs);
    const scenarios = scenarioNames(opts).map(loadScenario);
    // Start every check at once (the scheduler bounds the processes); print in name order.
    const pending = scenarios.map((s) => checkScenario(s, opts, schedule));
    let passed = 0;
    let failed = 0;
    for (const p of pending) {
        const r = await p;
        process.stdout.write(r.line + '\n');
        if (r.ok) {
            passed++;
        } else {
            failed++;
        }
    }
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    process.exit(failed === 0 ? 0 : 1);
}

main();
