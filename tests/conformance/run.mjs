#!/usr/bin/env node
// run.mjs - the conformance runner: every scenario against real Node and against loopsim.
//
// For each scenarios/NAME.json it runs the JavaScript twin tests/conformance/NAME.js (or .mjs)
// several times in node and checks that every output is one the scenario allows (`expect`, or one
// of `expect_any`); then it runs `LOOPSIM trace --logs scenarios/NAME.json` and checks that too.
// So the scenario's expectations are pinned to what Node really prints, and the simulator to them.
//
// A JavaScript built-in, scenarios/NAME.js (or .mjs), is its own twin: node runs the file, and
// what it prints must be the program's `// loopsim: expect` block; loopsim runs the built-in by
// its name (`trace --format jsonl NAME`) and must print the same. There node's exit status must
// also be the simulated process's exit code, and node writes on stderr exactly when loopsim's
// trace has an uncaught exception, whose message node's stderr must hold (loopsim does not
// simulate console.error). Without loopsim (--no-loopsim) the exit status and stderr are not
// judged, and the result line says so.
//
// An exercise, scenarios/exercises/NAME.js (or .mjs), is its own twin too, but states no output:
// its answer is what loopsim computes. Node's every output must be what loopsim's run of it by
// its name prints, or, for a racy program, one of the outputs `LOOPSIM races --format jsonl
// NAME` lists; the exit status and stderr are judged as for a JavaScript built-in. Without
// loopsim an exercise has no answer to check and is skipped (the result line counts it).
//
// usage: node tests/conformance/run.mjs (--loopsim PATH | --no-loopsim) [--runs N] [--jobs J]
//                                       [--timeout SECONDS] [NAME...]
//
// A twin that contains the line "// loopsim-conformance: exclusive" is CPU-bound; it runs with no
// other process of this runner beside it. Uses node's standard library only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JOBS_OPTION, TIMEOUT_OPTION, executable, parseCommandLine, usageError, wholeOption }
    from '../lib/args.mjs';
import { runConfirmed } from '../lib/confirm.mjs';
import { commonPrefix, sameLines, show, toLines } from '../lib/lines.mjs';
import { makeScheduler } from '../lib/schedule.mjs';
import { describeExit, run } from '../lib/spawn.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SCENARIOS = join(ROOT, 'scenarios');
const EXERCISES = join(SCENARIOS, 'exercises');
const EXERCISE_FILE = /^(.*)\.(js|mjs)$/;
const NOT_SCENARIOS = new Set(['schema.json']);
const SCENARIO_FILE = /^(.*)\.(json|js|mjs)$/;
const HELPERS = new Set(['outside.js', 'run.mjs']);

const COMMAND_LINE = {
    script: 'run.mjs',
    synopsis: 'node tests/conformance/run.mjs (--loopsim PATH | --no-loopsim) [--runs N] [--jobs J]\n' +
              '                                   [--timeout SECONDS] [NAME...]',
    positionals: true,
    options: {
        loopsim: { type: 'string', placeholder: 'PATH',
                   help: 'the loopsim binary; each scenario\'s "trace --logs" output is checked too' },
        'no-loopsim': { type: 'boolean', help: 'check only the JavaScript twins in node' },
        runs: wholeOption(1, 3, 'N', 'runs of each twin (default 3)'),
        jobs: JOBS_OPTION,
        timeout: TIMEOUT_OPTION,
    },
};

// The options as the runner uses them; NAME... are the scenarios to check (default: all).
function options(argv) {
    const { values, positionals } = parseCommandLine(argv, COMMAND_LINE);
    if ((values.loopsim === undefined) === !values['no-loopsim']) {
        usageError(COMMAND_LINE, 'give exactly one of --loopsim PATH and --no-loopsim');
    }
    return {
        loopsim: values.loopsim === undefined ? null : executable(COMMAND_LINE, values.loopsim),
        noLoopsim: Boolean(values['no-loopsim']),
        runs: values.runs,
        jobs: values.jobs,
        timeout: values.timeout,
        names: positionals.map((a) => basename(a).replace(SCENARIO_FILE, '$1')),
    };
}

/*
 * The lines of a program's `// loopsim: expect` block, read as the JavaScript front end reads
 * them (sim/js/annotate.c): the `//` lines after it, each without `//` and one space; null when
 * there is no block.
 */
function expectBlock(text) {
    const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    const at = lines.findIndex((l) => /^\s*\/\/\s*loopsim:\s*expect\s*$/.test(l));
    if (at < 0) {
        return null;
    }
    const block = [];
    for (const line of lines.slice(at + 1)) {
        const m = /^[ \t]*\/\/ ?(.*)$/.exec(line);
        if (m === null) {
            break;
        }
        block.push(m[1]);
    }
    return block;
}

/* A JavaScript built-in as the runner needs it: its own twin, its expect block allowed. */
function loadProgram(name, file) {
    const s = { name, file, twin: file, js: true, allowed: null, exitCodes: null,
                exclusive: false };
    const text = readFileSync(file, 'utf8');
    const block = expectBlock(text);
    if (block === null) {
        return { ...s, error: 'the program has no // loopsim: expect block' };
    }
    s.allowed = [block];
    s.exclusive = /^\/\/ loopsim-conformance: exclusive\b/m.test(text);
    return s;
}

/*
 * An exercise as the runner needs it: its own twin, whose allowed outputs loopsim gives
 * (runExercise); it must not state them itself.
 */
function loadExercise(name, file) {
    const s = { name, file, twin: file, js: true, exercise: true, allowed: null,
                exitCodes: null, exclusive: false };
    const text = readFileSync(file, 'utf8');
    if (expectBlock(text) !== null) {
        return { ...s, error: 'an exercise has no // loopsim: expect block: loopsim computes it' };
    }
    s.exclusive = /^\/\/ loopsim-conformance: exclusive\b/m.test(text);
    return s;
}

/* A scenario as the runner needs it, or { error } when it cannot be used. */
function loadScenario(name) {
    for (const ext of ['.js', '.mjs']) {
        if (existsSync(join(EXERCISES, name + ext))) {
            return loadExercise(name, join(EXERCISES, name + ext));
        }
    }
    for (const ext of ['.js', '.mjs']) {
        if (existsSync(join(SCENARIOS, name + ext))) {
            return loadProgram(name, join(SCENARIOS, name + ext));
        }
    }
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

/* Runs `cmd args` in the repository root, killed after `timeoutSec`. */
function runProcess(cmd, args, timeoutSec) {
    return run(cmd, args, ROOT, timeoutSec);
}

/* null when `got` is allowed, else a message naming the first differing line. */
function judge(got, allowed) {
    if (allowed.length === 0) {
        return 'no output to compare with (loopsim failed)';
    }
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

function stderrTail(r) {
    const text = r.stderr.trim();
    if (text === '') {
        return '';
    }
    const lines = text.split('\n');
    return '\n    stderr: ' + lines.slice(-6).join('\n            ');
}

/*
 * What is wrong with node's stderr for a JavaScript built-in whose loopsim run is `sim`, or
 * null: it must hold every uncaught exception's message, and be empty when there is none.
 */
function judgeStderr(r, sim) {
    if (sim.uncaught.length === 0) {
        return r.stderr === '' ? null : 'node wrote on stderr, but loopsim has no uncaught exception';
    }
    const missing = sim.uncaught.find((text) => !r.stderr.includes(text));
    return missing === undefined ? null : `node's stderr lacks loopsim's uncaught ${show(missing)}`;
}

/*
 * What is wrong with one run of the twin of `s`, or null. `sim` is loopsim's run of a JavaScript
 * built-in ({ exit, uncaught }), or null: then only what node prints is judged.
 */
function judgeTwin(s, r, sim) {
    const mismatch = judge(toLines(r.stdout), s.allowed);
    const exits = s.js ? (sim === null ? null : new Set([sim.exit])) : s.exitCodes;
    const badExit = r.timedOut || r.code === null || (exits !== null && !exits.has(r.code));
    const badStderr = s.js && sim !== null && !r.timedOut ? judgeStderr(r, sim) : null;
    if (mismatch === null && !badExit && badStderr === null) {
        return null;
    }
    const why = badExit ? `${describeExit(r)}` +
        (s.js ? ` (loopsim's process exits with ${sim.exit}); ` : '; ') : '';
    const stderrWhy = badStderr !== null ? `${badStderr}; ` : '';
    return `${why}${stderrWhy}${mismatch ?? 'output ok'}${stderrTail(r)}`;
}

/*
 * The twin's runs, judged as tests/lib/confirm.mjs says: a mismatch that goes away when the twin
 * reruns alone was a busy machine.
 */
async function checkTwin(s, opts, schedule, sim = null) {
    const once = (exclusive) =>
        schedule(() => runProcess(process.execPath, [s.twin], opts.timeout), exclusive);
    const r = await runConfirmed(once, (res) => judgeTwin(s, res, sim),
                                 { runs: opts.runs, exclusive: s.exclusive });
    const passed = r.runs.slice(0, opts.runs).filter((run1) => run1.problem === null).length;
    return {
        passed,
        problems: r.bad.map((b) => `node run ${b.index}: ${b.problem}`),
        note: r.note === '' ? '' : `; ${r.note}`,
    };
}

async function checkLoopsim(s, opts, schedule) {
    // Relative to the repository root (the cwd of every run), so loopsim's messages read
    // "scenarios/NAME.json:LINE:COL: …".
    const file = join('scenarios', `${s.name}.json`);
    const r = await schedule(() => runProcess(opts.loopsim, ['trace', '--logs', file], opts.timeout), false);
    if (r.timedOut || r.code !== 0) {
        return `loopsim: ${describeExit(r)}${stderrTail(r)}`;
    }
    const mismatch = judge(toLines(r.stdout), s.allowed);
    return mismatch === null ? null : `loopsim: ${mismatch}`;
}

/*
 * A JavaScript built-in in loopsim, run by its name: { exit, uncaught: the messages of its
 * uncaught exceptions, problem: what is wrong with what it prints, or null }.
 */
async function runBuiltin(s, opts, schedule) {
    const args = ['trace', '--format', 'jsonl', s.name];
    const r = await schedule(() => runProcess(opts.loopsim, args, opts.timeout), false);
    if (r.timedOut || r.code !== 0) {
        return { exit: null, uncaught: [], problem: `loopsim: ${describeExit(r)}${stderrTail(r)}` };
    }
    const logs = [];
    const sim = { exit: null, uncaught: [], problem: null };
    for (const line of r.stdout.split('\n').filter((l) => l !== '')) {
        const ev = JSON.parse(line);
        if (ev.event === 'log') {
            logs.push(ev.text);
        } else if (ev.event === 'note' && ev.reason === 'uncaught-exception') {
            sim.uncaught.push(ev.text);
        } else if (ev.event === 'end') {
            sim.exit = ev.exit_code;
        }
    }
    const mismatch = judge(logs, s.allowed);
    sim.problem = mismatch === null ? null : `loopsim: ${mismatch}`;
    return sim;
}

/*
 * An exercise in loopsim: runBuiltin's run, its printed lines being the answer, with every
 * other output `races` says Node may print; s.allowed is set to them all. The trace's own
 * output must be one of the races' (their default run is the trace's).
 */
async function runExercise(s, opts, schedule) {
    s.allowed = [];
    const args = ['races', '--format', 'jsonl', s.name];
    const r = await schedule(() => runProcess(opts.loopsim, args, opts.timeout), false);
    if (r.timedOut || r.code !== 0) {
        return { exit: null, uncaught: [], problem: `loopsim races: ${describeExit(r)}${stderrTail(r)}` };
    }
    const outputs = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l).output);
    s.allowed = outputs;
    const sim = await runBuiltin(s, opts, schedule);
    if (sim.problem !== null) {
        sim.problem = `${sim.problem} (the trace's output is none of the races' outputs)`;
    }
    return sim;
}

/* A JavaScript built-in: loopsim first, whose exit code and uncaught exceptions node must match. */
async function checkProgram(s, opts, schedule) {
    const sim = opts.noLoopsim ? null : s.exercise ? await runExercise(s, opts, schedule)
        : await runBuiltin(s, opts, schedule);
    const twin = await checkTwin(s, opts, schedule, sim);
    if (opts.noLoopsim) {
        twin.note += '; exit status and stderr not judged without loopsim';
    }
    return [twin, sim?.problem ?? null];
}

async function checkScenario(s, opts, schedule) {
    if (s.error) {
        return { ok: false, line: `FAIL ${s.name}: ${s.error}` };
    }
    if (s.exercise && opts.noLoopsim) {
        return { ok: true, skipped: true,
                 line: `skip ${s.name}: an exercise's answer is loopsim's (no --loopsim)` };
    }
    const [twin, sim] = s.js ? await checkProgram(s, opts, schedule) : await Promise.all([
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
        .filter((f) => SCENARIO_FILE.test(f) && !NOT_SCENARIOS.has(f))
        .map((f) => SCENARIO_FILE.exec(f)[1])
        .sort();
    if (existsSync(EXERCISES)) {
        names.push(...readdirSync(EXERCISES).filter((f) => EXERCISE_FILE.test(f))
            .map((f) => EXERCISE_FILE.exec(f)[1]).sort());
    }
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
    const opts = options(process.argv.slice(2));
    const schedule = makeScheduler(opts.jobs);
    const scenarios = scenarioNames(opts).map(loadScenario);
    // Start every check at once (the scheduler bounds the processes); print in name order.
    const pending = scenarios.map((s) => checkScenario(s, opts, schedule));
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const p of pending) {
        const r = await p;
        process.stdout.write(r.line + '\n');
        if (r.skipped) {
            skipped++;
        } else if (r.ok) {
            passed++;
        } else {
            failed++;
        }
    }
    const skips = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`${passed} passed, ${failed} failed${skips}\n`);
    process.exit(failed === 0 ? 0 : 1);
}

main();
