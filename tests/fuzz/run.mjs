#!/usr/bin/env node
// run.mjs - the differential fuzzer: random scenarios (gen.mjs) against real Node and loopsim.
//
// usage: node tests/fuzz/run.mjs (--loopsim BINARY | --no-loopsim) [--js] [--seed N] [--count K]
//                                [--keep DIR] [--runs R] [--jobs J] [--timeout S]
//
// Generates K cases (seeds N .. N+K-1) into a temporary directory, runs `BINARY trace --logs
// case-S.json` once and each JavaScript twin (twin.mjs) in node R times, J processes at a time,
// and compares node's outputs with loopsim's line by line (with --no-loopsim, with node's first
// run). Some runs that differ are not yet a failure: the case then reruns alone, as
// tests/lib/confirm.mjs says, and fails only if the difference stays. A case fails when loopsim
// prints something else than node (a likely simulator bug), when loopsim or the twin fails to
// run, or when node's own runs differ: then the case is "racy in node", a bug of the generator
// (it must only make programs whose order Node fixes), not of the simulator. Each failure is
// printed with the first differing line and the scenario and twin (or, with --keep DIR, copied
// into DIR with the outputs).
//
// A node run that finds the machine too slow for the timing its order relies on (status 75, see
// twin.mjs) proves nothing: it is repeated alone, up to SLOW_ATTEMPTS runs in all. A case whose
// every attempt was too slow is inconclusive, not failed, unless more than a tenth of the cases
// are: then the machine is too busy for this test, and that fails it. The last line is always
// "N passed, N failed"; the exit status is 0 iff nothing failed. Uses node's standard library.
//
// With --js the cases are JavaScript programs of jsgen.mjs instead: loopsim runs the program
// itself (`BINARY trace --logs js-S.js`, and `--format jsonl` for the simulated exit code),
// node runs it as `node js-S.js`, and what is compared is standard output and the exit status.
// A program loopsim refuses (status 2, a located error) fails as "loopsim refused": a bug of
// the generator, unless spec/js-input.md lists the construct (then a gap of loopsim).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { JOBS_OPTION, TIMEOUT_OPTION, executable, parseCommandLine, usageError, wholeOption }
    from '../lib/args.mjs';
import { runConfirmed } from '../lib/confirm.mjs';
import { firstDifference, show } from '../lib/lines.mjs';
import { makeScheduler } from '../lib/schedule.mjs';
import { describeExit, run } from '../lib/spawn.mjs';
import { writeCase } from './gen.mjs';
import { writeProgram } from './jsgen.mjs';
import { TOO_SLOW_STATUS } from './twin.mjs';

// Node runs of one twin, in all, while each finds the machine too slow for its timing.
const SLOW_ATTEMPTS = 6;

const COMMAND_LINE = {
    script: 'run.mjs',
    synopsis: 'node tests/fuzz/run.mjs (--loopsim BINARY | --no-loopsim) [--js] [--seed N] [--count K]\n' +
              '                              [--keep DIR] [--runs R] [--jobs J] [--timeout S]',
    options: {
        loopsim: { type: 'string', placeholder: 'BINARY',
                   help: 'the loopsim binary, run as "BINARY trace --logs case-S.json"' },
        'no-loopsim': { type: 'boolean',
                        help: 'only run the twins in node (checks the generator: no racy cases)' },
        js: { type: 'boolean', help: 'JavaScript programs of jsgen.mjs instead of scenarios' },
        seed: wholeOption(0, 1, 'N', 'first case seed (default 1); case S is rebuilt by\n' +
                          '                     "node tests/fuzz/gen.mjs --seed S --count 1 --out DIR"'),
        count: wholeOption(1, 40, 'K', 'number of cases (default 40)'),
        keep: { type: 'string', placeholder: 'DIR',
                help: 'copy failing cases into DIR (scenario, twin, the outputs)' },
        runs: wholeOption(1, 2, 'R', 'node runs per twin, >= 2 to detect races (default 2)'),
        jobs: JOBS_OPTION,
        timeout: TIMEOUT_OPTION,
    },
};

function options(argv) {
    const { values } = parseCommandLine(argv, COMMAND_LINE);
    if ((values.loopsim === undefined) === !values['no-loopsim']) {
        usageError(COMMAND_LINE, 'give exactly one of --loopsim BINARY and --no-loopsim');
    }
    return {
        ...values,
        loopsim: values.loopsim === undefined ? null : executable(COMMAND_LINE, values.loopsim),
        noLoopsim: Boolean(values['no-loopsim']),
        js: Boolean(values.js),
        keep: values.keep === undefined ? null : resolve(values.keep),
    };
}

// What the whole run counts besides passes and failures.
const tally = { slowRuns: 0, confirmed: 0, inconclusive: 0, racy: 0 };

// One node run of the twin of case `c`; a run too slow for its timing is repeated alone.
async function runTwin(c, opts, dir, schedule, exclusive) {
    let res = null;
    for (let a = 0; a < SLOW_ATTEMPTS; a++) {
        res = await schedule(() => run(process.execPath, [basename(c.js)], dir, opts.timeout),
                             exclusive || a > 0);
        if (res.code !== TOO_SLOW_STATUS) {
            break;
        }
        tally.slowRuns++;
    }
    return res;
}

// What a run is compared by: its standard output, and for a --js program its exit status too
// (a twin must exit 0, which judgeRun checks apart).
function outcome(stdout, code, opts) {
    return opts.js ? `${stdout}[exit status ${code}]\n` : stdout;
}

// The simulated exit code in a jsonl trace's end object, or null.
function simulatedExit(jsonl) {
    const last = jsonl.trimEnd().split('\n').pop() || '{}';
    try {
        const end = JSON.parse(last);
        return end.event === 'end' ? end.exit_code : null;
    } catch {
        return null;
    }
}

// loopsim on case `c`: { ok, want } or a failed case's { ok: false, kind, report, outputs }.
async function runLoopsim(c, opts, dir, schedule) {
    const file = basename(opts.js ? c.js : c.json);
    const sim = await schedule(() => run(opts.loopsim, ['trace', '--logs', file], dir, opts.timeout));
    const failed = (r, how) => ({
        ok: false, outputs: { loopsim: r.stdout },
        kind: opts.js && r.code === 2 && /^[^\n]*:\d+:\d+: error: /.test(r.stderr)
            ? 'loopsim refused (a generator bug unless js-input.md lists the construct)' : 'loopsim failed',
        report: `loopsim trace ${how} ${file}: ${describeExit(r)}\n${r.stderr}`,
    });
    if (sim.code !== 0 || sim.signal || sim.timedOut) {
        return failed(sim, '--logs');
    }
    if (!opts.js) {
        return { ok: true, want: sim.stdout };
    }
    const trace = await schedule(() => run(opts.loopsim, ['trace', '--format', 'jsonl', file], dir,
                                           opts.timeout));
    const exit = simulatedExit(trace.stdout);
    if (trace.code !== 0 || exit === null) {
        return failed(trace, '--format jsonl');
    }
    return { ok: true, want: outcome(sim.stdout, exit, opts) };
}

// What is wrong with a node run against `want` (loopsim's output, or node's first), or null.
function judgeRun(res, want, against, opts) {
    if (res.code === TOO_SLOW_STATUS) {
        return { kind: 'slow', text: `${SLOW_ATTEMPTS} runs too slow: ${res.stderr.trim()}` };
    }
    // A program may end with any status and write on stderr (an uncaught error's report).
    const badEnd = opts.js ? res.code === null || res.timedOut
        : res.code !== 0 || res.signal || res.timedOut || res.stderr !== '';
    if (badEnd) {
        return { kind: 'failed', text: `${describeExit(res)}\n${res.stderr}` };
    }
    const d = firstDifference(outcome(res.stdout, res.code, opts), want);
    if (d === null) {
        return null;
    }
    return {
        kind: 'differs',
        text: `first difference at line ${d.line}: node printed ${show(d.a)}, ` +
              `${against} printed ${show(d.b)}`,
    };
}

// Why the confirmed runs `r` fail the case: { kind, report }.
function verdict(r, opts) {
    const bad = r.bad.map((b) => b.problem);
    const failed = bad.find((p) => p.kind === 'failed');
    if (failed) {
        return { kind: 'twin failed', report: failed.text };
    }
    if (bad.every((p) => p.kind === 'slow')) {
        return { kind: 'inconclusive', report: bad[0].text };
    }
    const outputs = new Set(r.runs.filter((x) => x.result.code !== TOO_SLOW_STATUS)
        .map((x) => outcome(x.result.stdout, x.result.code, opts)));
    const first = bad.find((p) => p.kind === 'differs');
    if (outputs.size > 1) {
        return { kind: 'racy in node (a generator bug, not a simulator failure)',
                 report: `node's runs printed ${outputs.size} different outputs; ${first.text}` };
    }
    return { kind: opts.noLoopsim ? 'racy in node' : 'MISMATCH', report: first.text };
}

// Checks one case; resolves to { ok, kind, report, outputs, note }.
async function checkCase(c, opts, dir, schedule) {
    let want = null;
    let against = 'loopsim';
    if (!opts.noLoopsim) {
        const sim = await runLoopsim(c, opts, dir, schedule);
        if (!sim.ok) {
            return sim;
        }
        want = sim.want;
    }
    const once = async (exclusive) => {
        const res = await runTwin(c, opts, dir, schedule, exclusive);
        if (want === null && res.code !== TOO_SLOW_STATUS && (opts.js || res.code === 0)) {
            want = outcome(res.stdout, res.code, opts); // --no-loopsim: node's first run is the reference
            against = "node's first run";
        }
        return res;
    };
    const r = await runConfirmed(once, (res) => judgeRun(res, want, against, opts), { runs: opts.runs });
    if (r.ok) {
        return { ok: true, note: r.note };
    }
    const v = verdict(r, opts);
    const outputs = opts.noLoopsim ? {} : { loopsim: want };
    r.bad.forEach((b) => { outputs[`node-run${b.index}`] = outcome(b.result.stdout, b.result.code, opts); });
    return { ok: false, ...v, outputs };
}

function reportFailure(c, res, opts) {
    const name = caseName(c, opts);
    const out = [`FAIL ${name}: ${res.kind}`, `  ${res.report.trimEnd().replace(/\n/g, '\n  ')}`];
    out.push(`  reproduce: node tests/fuzz/${opts.js ? 'jsgen' : 'gen'}.mjs --seed ${c.seed} --count 1 --out DIR`);
    if (opts.keep) {
        mkdirSync(opts.keep, { recursive: true });
        copyFileSync(c.json, join(opts.keep, basename(c.json)));
        copyFileSync(c.js, join(opts.keep, basename(c.js)));
        for (const [output, text] of Object.entries(res.outputs || {})) {
            writeFileSync(join(opts.keep, `${name}.${output}.txt`), text);
        }
        out.push(`  kept in ${opts.keep}: ${basename(c.json)}, ${basename(c.js)} and the outputs beside them`);
    } else {
        out.push(`  --- ${basename(c.json)}`, readFileSync(c.json, 'utf8').trimEnd());
        out.push(`  --- ${basename(c.js)}`, readFileSync(c.js, 'utf8').trimEnd());
        for (const [output, text] of Object.entries(res.outputs || {})) {
            out.push(`  --- ${output} output`, text.trimEnd());
        }
        out.push('  ---');
    }
    process.stdout.write(out.join('\n') + '\n');
}

function caseName(c, opts) {
    return `${opts.js ? 'js' : 'case'}-${c.seed}`;
}

// Prints what case `c` came to; returns whether it failed.
function report(c, res, opts) {
    if (res.ok) {
        if (res.note !== '') {
            tally.confirmed++;
            process.stdout.write(`ok   ${caseName(c, opts)}: ${res.note}\n`);
        }
        return false;
    }
    if (res.kind === 'inconclusive') {
        tally.inconclusive++;
        process.stdout.write(`inconclusive ${caseName(c, opts)}: ${res.report.trim()}\n`);
        return false;
    }
    tally.racy += res.kind.startsWith('racy') ? 1 : 0;
    reportFailure(c, res, opts);
    return true;
}

async function main() {
    const opts = options(process.argv.slice(2));
    const dir = mkdtempSync(join(tmpdir(), 'loopsim-fuzz-'));
    let passed = 0;
    let failed = 0;
    try {
        const cases = [];
        for (let k = 0; k < opts.count; k++) {
            cases.push(opts.js ? writeProgram(dir, opts.seed + k) : writeCase(dir, opts.seed + k));
        }
        process.stdout.write(`fuzz: ${opts.count} ${opts.js ? 'JavaScript programs' : 'cases'}, seeds ${opts.seed}..${opts.seed + opts.count - 1}, ` +
            `${opts.runs} node runs each${opts.noLoopsim ? ', node only' : ''}\n`);
        // Start every case at once (the scheduler bounds the processes); report in seed order.
        const schedule = makeScheduler(opts.jobs);
        const pending = cases.map((c) => checkCase(c, opts, dir, schedule));
        for (let k = 0; k < cases.length; k++) {
            const res = await pending[k];
            if (report(cases[k], res, opts)) {
                failed++;
            } else if (res.ok) {
                passed++;
            }
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    summarize();
    if (tally.inconclusive * 10 > opts.count) {
        process.stdout.write(`FAIL the machine is too busy for this test: ${tally.inconclusive} of ` +
                             `${opts.count} cases were too slow on every attempt\n`);
        failed++;
    }
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    process.exitCode = failed === 0 ? 0 : 1;
}

function summarize() {
    if (tally.slowRuns > 0) {
        process.stdout.write(`${tally.slowRuns} node runs were too slow for their timing and were repeated\n`);
    }
    if (tally.confirmed > 0) {
        process.stdout.write(`${tally.confirmed} cases passed only on a rerun alone (a busy machine)\n`);
    }
    if (tally.inconclusive > 0) {
        process.stdout.write(`${tally.inconclusive} cases were inconclusive (every node run too slow)\n`);
    }
    if (tally.racy > 0) {
        process.stdout.write(`${tally.racy} of the failures are racy in node: fix the generator\n`);
    }
}

main();
