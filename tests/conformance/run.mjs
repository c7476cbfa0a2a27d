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
const NOT_SCENARIOS = new Set(['schema.json']);
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
        names: positionals.map((a) => basename(a).replace(/\.json$/, '')),
    };
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

/* Runs `cmd args` in the repository root, killed after `timeoutSec`. */
function runProcess(cmd, args, timeoutSec) {
    return run(cmd, args, ROOT, timeoutSec);
}

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

function stderrTail(r) {
    const text = r.stderr.trim();
    if (text === '') {
        return '';
    }
    const lines = text.split('\n');
    return '\n    stderr: ' + lines.slice(-6).join('\n            ');
}

/* What is wrong with one run of the twin of `s`, or null. */
function judgeTwin(s, r) {
    const mismatch = judge(toLines(r.stdout), s.allowed);
    const badExit = r.timedOut || r.code === null || !s.exitCodes.has(r.code);
    if (mismatch === null && !badExit) {
        return null;
    }
    const why = badExit ? `${describeExit(r)}; ` : '';
    return `${why}${mismatch ?? 'output ok'}${stderrTail(r)}`;
}

/*
 * The twin's runs, judged as tests/lib/confirm.mjs says: a mismatch that goes away when the twin
 * reruns alone was a busy machine.
 */
async function checkTwin(s, opts, schedule) {
    const once = (exclusive) =>
        schedule(() => runProcess(process.execPath, [s.twin], opts.timeout), exclusive);
    const r = await runConfirmed(once, (res) => judgeTwin(s, res),
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
    const opts = options(process.argv.slice(2));
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
