#!/usr/bin/env node
// run.mjs - the differential fuzzer: random scenarios (gen.mjs) against real Node and loopsim.
//
// usage: node tests/fuzz/run.mjs (--loopsim BINARY | --no-loopsim) [--seed N] [--count K]
//                                [--keep DIR] [--runs R] [--jobs J] [--timeout S]
//
// Generates K cases (seeds N .. N+K-1) into a temporary directory, runs each JavaScript twin in
// node R times (J processes at a time) and `BINARY trace --logs case-S.json` once, and compares
// the outputs line by line. A case fails when loopsim prints something else than node (a likely
// simulator bug), when loopsim or the twin fails to run, or when node's own runs differ: then
// the case is "racy in node", which is a bug of the generator (it must only make programs whose
// order Node fixes), not of the simulator. Each failure is printed with the first differing
// line and the scenario and twin (or, with --keep DIR, copied into DIR with both outputs).
// A node run that finds the machine too slow for the timing its order relies on (status 75,
// see gen.mjs) is repeated. The last line is always "N passed, N failed"; the exit status is 0
// iff all passed.
// Uses node's standard library only.
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { TOO_SLOW_STATUS, writeCase } from './gen.mjs';
import { run } from './spawn.mjs';

// A twin exits with TOO_SLOW_STATUS when the machine was too slow for the timing its order
// relies on (see gen.mjs); such a run is repeated, at most this many times in all.
const SLOW_ATTEMPTS = 6;
let slowRuns = 0;

const USAGE = `usage: node tests/fuzz/run.mjs (--loopsim BINARY | --no-loopsim) [--seed N] [--count K]
                              [--keep DIR] [--runs R] [--jobs J] [--timeout S]
  --loopsim BINARY  the loopsim binary, run as "BINARY trace --logs case-S.json"
  --no-loopsim      only run the twins in node (checks the generator: no racy cases)
  --seed N          first case seed (default 1); case S is rebuilt by
                    "node tests/fuzz/gen.mjs --seed S --count 1 --out DIR"
  --count K         number of cases (default 40)
  --keep DIR        copy failing cases into DIR (scenario, twin, both outputs)
  --runs R          node runs per twin, >= 2 to detect races (default 2)
  --jobs J          processes at once (default 2)
  --timeout S       seconds before a run is killed (default 20)`;

function usageError(message) {
    process.stderr.write(`run.mjs: ${message}\n${USAGE}\n`);
    process.exit(2);
}

function parseArgs(argv) {
    const opts = { loopsim: null, noLoopsim: false, seed: 1, count: 40, keep: null, runs: 2, jobs: 2, timeout: 20 };
    const whole = (flag, text, min) => {
        const n = Number(text);
        if (!Number.isSafeInteger(n) || n < min) {
            usageError(`${flag} needs a whole number >= ${min}, got "${text}"`);
        }
        return n;
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) {
                usageError(`${a} needs a value`);
            }
            return argv[++i];
        };
        if (a === '--loopsim') {
            opts.loopsim = resolve(value());
        } else if (a === '--no-loopsim') {
            opts.noLoopsim = true;
        } else if (a === '--seed') {
            opts.seed = whole(a, value(), 0);
        } else if (a === '--count') {
            opts.count = whole(a, value(), 1);
        } else if (a === '--keep') {
            opts.keep = resolve(value());
        } else if (a === '--runs') {
            opts.runs = whole(a, value(), 1);
        } else if (a === '--jobs') {
            opts.jobs = whole(a, value(), 1);
        } else if (a === '--timeout') {
            opts.timeout = whole(a, value(), 1);
        } else if (a === '-h' || a === '--help') {
            process.stdout.write(USAGE + '\n');
            process.exit(0);
        } else {
            usageError(`unknown argument ${a}`);
        }
    }
    if ((opts.loopsim === null) === !opts.noLoopsim) {
        usageError('give exactly one of --loopsim BINARY and --no-loopsim');
    }
    if (opts.loopsim !== null) {
        try {
            accessSync(opts.loopsim, constants.X_OK);
        } catch {
            usageError(`${opts.loopsim} is not an executable file (build it: ./loopsim --version)`);
        }
    }
    return opts;
}


function lines(text) {
    const l = text.split('\n');
    if (l.length > 0 && l[l.length - 1] === '') {
        l.pop();
    }
    return l;
}

// The first line where `a` and `b` differ: { line (1-based), a, b } with undefined past an end;
// null if equal.
function firstDifference(a, b) {
    const la = lines(a);
    const lb = lines(b);
    for (let i = 0; i < Math.max(la.length, lb.length); i++) {
        if (la[i] !== lb[i]) {
            return { line: i + 1, a: la[i], b: lb[i] };
        }
    }
    return null;
}

function show(line) {
    return line === undefined ? '(end of output)' : JSON.stringify(line);
}

function describeExit(r) {
    if (r.timedOut) {
        return 'timed out';
    }
    return r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`;
}

// Checks one case; resolves to { ok, kind, report, outputs }.
async function checkCase(c, opts, dir) {
    const nodeRuns = [];
    for (let r = 0; r < opts.runs; r++) {
        let res = await run(process.execPath, [basename(c.js)], dir, opts.timeout);
        for (let a = 1; a < SLOW_ATTEMPTS && res.code === TOO_SLOW_STATUS; a++) {
            slowRuns++;
            res = await run(process.execPath, [basename(c.js)], dir, opts.timeout);
        }
        if (res.code === TOO_SLOW_STATUS) {
            return {
                ok: false, kind: 'node too slow (the machine is too busy for this case\'s timing)',
                report: `node ${basename(c.js)}: ${SLOW_ATTEMPTS} runs too slow\n${res.stderr}`,
                outputs: { node: res.stdout },
            };
        }
        if (res.code !== 0 || res.signal || res.timedOut || res.stderr !== '') {
            return {
                ok: false, kind: 'twin failed',
                report: `node ${basename(c.js)}: ${describeExit(res)}\n${res.stderr}`,
                outputs: { node: res.stdout },
            };
        }
        nodeRuns.push(res.stdout);
    }
    for (let r = 1; r < nodeRuns.length; r++) {
        const d = firstDifference(nodeRuns[0], nodeRuns[r]);
        if (d) {
            return {
                ok: false, kind: 'racy in node (a generator bug, not a simulator failure)',
                report: `node run 1 and run ${r + 1} differ at line ${d.line}: ${show(d.a)} vs ${show(d.b)}`,
                outputs: { node: nodeRuns[0], [`node-run${r + 1}`]: nodeRuns[r] },
            };
        }
    }
    if (opts.noLoopsim) {
        return { ok: true };
    }
    const sim = await run(opts.loopsim, ['trace', '--logs', basename(c.json)], dir, opts.timeout);
    if (sim.code !== 0 || sim.signal || sim.timedOut) {
        return {
            ok: false, kind: 'loopsim failed',
            report: `loopsim trace --logs ${basename(c.json)}: ${describeExit(sim)}\n${sim.stderr}`,
            outputs: { node: nodeRuns[0], loopsim: sim.stdout },
        };
    }
    const d = firstDifference(nodeRuns[0], sim.stdout);
    if (d) {
        return {
            ok: false, kind: 'MISMATCH',
            report: `first difference at line ${d.line}: node printed ${show(d.a)}, loopsim printed ${show(d.b)}`,
            outputs: { node: nodeRuns[0], loopsim: sim.stdout },
        };
    }
    return { ok: true };
}

function reportFailure(c, res, opts) {
    const out = [`FAIL case-${c.seed}: ${res.kind}`, `  ${res.report.trimEnd().replace(/\n/g, '\n  ')}`];
    out.push(`  reproduce: node tests/fuzz/gen.mjs --seed ${c.seed} --count 1 --out DIR`);
    if (opts.keep) {
        mkdirSync(opts.keep, { recursive: true });
        copyFileSync(c.json, join(opts.keep, basename(c.json)));
        copyFileSync(c.js, join(opts.keep, basename(c.js)));
        for (const [name, text] of Object.entries(res.outputs || {})) {
            writeFileSync(join(opts.keep, `case-${c.seed}.${name}.txt`), text);
        }
        out.push(`  kept in ${opts.keep}: ${basename(c.json)}, ${basename(c.js)} and the outputs beside them`);
    } else {
        out.push(`  --- case-${c.seed}.json`, readFileSync(c.json, 'utf8').trimEnd());
        out.push(`  --- ${basename(c.js)}`, readFileSync(c.js, 'utf8').trimEnd());
        for (const [name, text] of Object.entries(res.outputs || {})) {
            out.push(`  --- ${name} output`, text.trimEnd());
        }
        out.push('  ---');
    }
    process.stdout.write(out.join('\n') + '\n');
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    const dir = mkdtempSync(join(tmpdir(), 'loopsim-fuzz-'));
    let passed = 0;
    let failed = 0;
    let racy = 0;
    try {
        const cases = [];
        for (let k = 0; k < opts.count; k++) {
            cases.push(writeCase(dir, opts.seed + k));
        }
        process.stdout.write(`fuzz: ${opts.count} cases, seeds ${opts.seed}..${opts.seed + opts.count - 1}, ` +
            `${opts.runs} node runs each${opts.noLoopsim ? ', node only' : ''}\n`);
        let next = 0;
        const worker = async () => {
            while (next < cases.length) {
                const c = cases[next++];
                const res = await checkCase(c, opts, dir);
                if (res.ok) {
                    passed++;
                } else {
                    failed++;
                    racy += res.kind.startsWith('racy') ? 1 : 0;
                    reportFailure(c, res, opts);
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(opts.jobs, cases.length) }, worker));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    if (slowRuns > 0) {
        process.stdout.write(`${slowRuns} node runs were too slow for their timing and were repeated\n`);
    }
    if (racy > 0) {
        process.stdout.write(`${racy} of the failures are racy in node: fix the generator\n`);
    }
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    process.exitCode = failed === 0 ? 0 : 1;
}

main();
