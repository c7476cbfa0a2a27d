#!/usr/bin/env node
// export-js.mjs - the round trip of `loopsim export-js` (shared/spec/js-input.md, "Round trip").
//
// usage: node tests/export-js.mjs LOOPSIM SRCROOT [BUILDROOT] [--node] [--runs N] [NAME...]
//
// For every shipped scenario (scenarios/*.json): `loopsim export-js S -o S.js` (S.mjs for an ES
// module entry), then `loopsim trace --logs` of the exported program must print what
// `loopsim trace --logs S` prints and end with the same exit code. With --node, node runs the
// exported program too, N times (default 3), and must print the same and exit the same way;
// a run that differs is rerun alone as tests/lib/confirm.mjs says, so a busy machine never
// fails the check on its own. A scenario with `expect_any` is one whose output Node does not
// fix: node's output must be one of those it allows.
//
// The scenarios export-js refuses (their ops have no JavaScript form that loopsim simulates yet)
// are listed below with the op; each must still be refused, at that op's place, with exit
// status 2, so that the list shrinks as soon as the front end learns what they need. The
// command's errors (bad JSON, a JavaScript input, -o's name, an -o that cannot be written) are
// checked too. Uses node's standard library only.
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync }
    from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { runConfirmed } from './lib/confirm.mjs';
import { commonPrefix, sameLines, show, toLines } from './lib/lines.mjs';
import { makeScheduler } from './lib/schedule.mjs';
import { describeExit, run } from './lib/spawn.mjs';

// Scenario -> the op export-js refuses it at: what the JavaScript front end cannot run yet.
// Empty since net came in: a scenario's clients, peers and I/O events from outside the program
// are exported as its own servers and sockets (docs/js-input.md, "Exporting a scenario").
const REFUSED = {};

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
const [loopsim, root] = positional.slice(0, 2).map((p) => resolve(p));
const withNode = args.includes('--node');
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const only = positional.slice(3);
if (!loopsim || !root || !(RUNS >= 1)) {
    console.error('usage: node tests/export-js.mjs LOOPSIM SRCROOT [BUILDROOT] [--node] ' +
                  '[--runs N] [NAME...]');
    process.exit(2);
}

// pbkdf2's speed here against docs/js-durations.md's (0.00035 ms per sha512 iteration, which
// the exporter's iterations assume), over jobs as long as a scenario's (30 ms): the best of
// three. Above SLOW (a machine busy with other work, or a slower one), the exported pool jobs are
// that much longer than the scenario's and node cannot keep their order against the timers.
const SLOW = 1.3;
function pbkdf2Slowdown() {
    const n = 85000;
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
        const t = performance.now();
        pbkdf2Sync('x', 'y', n, 64, 'sha512');
        best = Math.min(best, performance.now() - t);
    }
    return best / (n * 0.00035);
}

const tmp = mkdtempSync(join(tmpdir(), 'loopsim-export-'));
const schedule = makeScheduler(2);
let passed = 0;
let failed = 0;

function report(name, problems, note = '') {
    if (problems.length === 0) {
        passed++;
        console.log(`ok    ${name}${note}`);
    } else {
        failed++;
        console.log(`FAIL  ${name}\n` + problems.map((p) => `      ${p}`).join('\n'));
    }
}

function loopsimSync(argv) {
    return spawnSync(loopsim, argv, { encoding: 'utf8', cwd: tmp, maxBuffer: 1 << 30 });
}

// What loopsim prints of `file` (--logs) and the simulated process's exit code (jsonl's end).
function simulate(file) {
    const logs = loopsimSync(['trace', '--logs', file]);
    const jsonl = loopsimSync(['trace', '--format', 'jsonl', file]);
    const last = jsonl.stdout.trim().split('\n').pop() ?? '';
    let end = null;
    try {
        end = JSON.parse(last);
    } catch {
        end = null;
    }
    return { lines: toLines(logs.stdout), status: logs.status, stderr: logs.stderr,
             exitCode: end?.event === 'end' ? end.exit_code : null };
}

function difference(want, got) {
    const i = commonPrefix(got, want);
    return `line ${i + 1}: expected ${show(want[i])}, got ${show(got[i])}`;
}

// One run of node on the exported program, judged: null when it is right.
function judgeNode(r, allowed, exitCode) {
    if (r.timedOut || r.code !== exitCode) {
        return `node: ${describeExit(r)}, expected exit status ${exitCode}` +
            (r.stderr.trim() ? `; stderr: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`
                             : '');
    }
    const got = toLines(r.stdout);
    if (allowed.some((want) => sameLines(got, want))) {
        return null;
    }
    return `node: ${difference(allowed[0], got)}`;
}

// [name, problems, note] of one scenario's round trip.
async function checkScenario(name) {
    const json = join(root, 'scenarios', `${name}.json`);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    const module = doc.config?.entry === 'module';
    const out = join(tmp, `${name}.${module ? 'mjs' : 'js'}`);
    const exp = loopsimSync(['export-js', json, '-o', out]);
    if (name in REFUSED) {
        const op = REFUSED[name];
        const located = new RegExp(`^${json.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: ` +
                                   `error: export-js: '${op.replace('.', '\\.')}' `);
        const problems = [];
        if (exp.status !== 2 || !located.test(exp.stderr)) {
            problems.push(`expected a refusal at '${op}' with exit status 2 (the front end ` +
                          `cannot run it yet; if it now can, take ${name} off REFUSED): ` +
                          `status ${exp.status}, stderr ${JSON.stringify(exp.stderr)}`);
        }
        if (existsSync(out)) {
            problems.push(`a refused export left ${out} behind`);
        }
        return [name, problems, ` (refused at '${op}', as expected)`];
    }
    if (exp.status !== 0) {
        return [name, [`export-js failed (status ${exp.status}): ${exp.stderr.trim()}`]];
    }
    const want = simulate(json);
    const back = simulate(out);
    const problems = [];
    if (want.exitCode === null || back.exitCode === null) {
        problems.push(`no end event: ${want.stderr}${back.stderr}`);
    } else {
        if (!sameLines(back.lines, want.lines)) {
            problems.push(`loopsim of the export: ${difference(want.lines, back.lines)}`);
        }
        if (back.exitCode !== want.exitCode || back.status !== want.status) {
            problems.push(`loopsim of the export: exit code ${back.exitCode} (status ` +
                          `${back.status}), the scenario's ${want.exitCode} (${want.status})`);
        }
    }
    let note = '';
    if (withNode && problems.length === 0) {
        const allowed = Array.isArray(doc.expect_any) ? doc.expect_any : [want.lines];
        const once = (alone) => schedule(() => run(process.execPath, [out], tmp, 60), alone);
        // CPU-bound pool jobs (pbkdf2) keep their lengths only with the cores to themselves.
        const exclusive = /crypto\.pbkdf2\(/.test(readFileSync(out, 'utf8'));
        const slowdown = exclusive ? pbkdf2Slowdown() : 1;
        if (slowdown > SLOW) {
            return [name, [], ` (loopsim; node not judged: pbkdf2 runs ${slowdown.toFixed(1)}x ` +
                              'slower here than on the machine docs/js-durations.md measured)'];
        }
        const r = await runConfirmed(once, (res) => judgeNode(res, allowed, want.exitCode),
                                     { runs: RUNS, exclusive });
        problems.push(...r.bad.map((b) => `run ${b.index}: ${b.problem}`));
        const passedRuns = r.runs.slice(0, RUNS).filter((x) => x.problem === null).length;
        note = ` (loopsim, node ${passedRuns}/${RUNS}${r.note ? `; ${r.note}` : ''})`;
    } else if (problems.length === 0) {
        note = ' (loopsim)';
    }
    return [name, problems, note];
}

// The command's own errors: located, exit status 2, and never a half-written -o FILE.
function checkErrors() {
    const problems = [];
    const expectError = (what, argv, pattern) => {
        const r = loopsimSync(argv);
        if (r.status !== 2 || !pattern.test(r.stderr)) {
            problems.push(`${what}: status ${r.status}, stderr ${JSON.stringify(r.stderr)}`);
        }
    };
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"loopsim": 1, "name": "x",\n  "main": [{"op": "setTimeout"}]}\n');
    expectError('an invalid scenario', ['export-js', bad], /bad\.json:2:\d+: error: /);
    const broken = join(tmp, 'broken.json');
    writeFileSync(broken, '{"loopsim": 1,\n  "name": "x" "main": []}\n');
    expectError('bad JSON', ['export-js', broken], /broken\.json:2:\d+: error: /);
    const prog = join(tmp, 'prog.js');
    writeFileSync(prog, "console.log('hi');\n");
    expectError('a JavaScript input', ['export-js', prog], /already a JavaScript program/);
    expectError('a module exported to .js', ['export-js', join(root, 'scenarios',
        'esm-entry.json'), '-o', join(tmp, 'esm.js')], /name the file \.mjs/);
    expectError('a CommonJS scenario exported to .mjs', ['export-js', 'fifo-queues', '-o',
        join(tmp, 'fifo.mjs')], /name the file \.js or \.cjs/);
    expectError('no scenario', ['export-js'], /'export-js' needs a SCENARIO/);
    // A refusal leaves the FILE that was there as it was.
    const kept = join(tmp, 'kept.js');
    writeFileSync(kept, 'before\n');
    const addon = join(tmp, 'addon.json');
    writeFileSync(addon, '{"loopsim": 1, "name": "x",\n  "main": [{"op": "work", "ms": 5}]}\n');
    expectError('a refused scenario', ['export-js', addon, '-o', kept], /2:12: .*'work'/);
    const ioHandle = join(tmp, 'io-handle.json');
    writeFileSync(ioHandle, '{"loopsim": 1, "name": "x", "main": [\n  {"op": "io", "ms": 5, ' +
                  '"id": "p"},\n  {"op": "close", "id": "p"}]}\n');
    expectError('a close of an io', ['export-js', ioHandle], /3:3: .*'close' on an `io`/);
    if (readFileSync(kept, 'utf8') !== 'before\n') {
        problems.push('a refused export changed the -o FILE');
    }
    const missingDir = join(tmp, 'no-such-dir', 'x.js');
    expectError('an -o in a missing directory', ['export-js', 'fifo-queues', '-o', missingDir],
                /cannot write/);
    if (readdirSync(tmp).some((f) => f.startsWith('kept.js.'))) {
        problems.push('a temporary file was left beside the -o FILE');
    }
    // Standard output and -o write the same program.
    const toFile = join(tmp, 'same.js');
    const a = loopsimSync(['export-js', 'fifo-queues']);
    const b = loopsimSync(['export-js', 'fifo-queues', '-o', toFile]);
    if (a.status !== 0 || b.status !== 0 || readFileSync(toFile, 'utf8') !== a.stdout) {
        problems.push('export-js to standard output and to -o FILE differ');
    }
    report('errors', problems);
}

const names = only.length > 0 ? only : readdirSync(join(root, 'scenarios'))
    .filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .map((f) => f.slice(0, -'.json'.length)).sort();
// The scenarios: `loopsim list` up to its blank line (the exercises follow it).
const builtins = loopsimSync(['list']).stdout.split('\n\n')[0].split('\n').filter(Boolean)
    .map((line) => line.split(/\s+/)[0]);
// A JavaScript built-in (scenarios/NAME.js or .mjs) has nothing to export: it is already the
// program, so export-js must refuse it as it refuses any JavaScript input.
const isProgram = (b) =>
    ['js', 'mjs'].some((ext) => existsSync(join(root, 'scenarios', `${b}.${ext}`)));
for (const b of builtins) {
    if (only.length > 0 || names.includes(b)) {
        continue;
    }
    if (!isProgram(b)) {
        report(`list: ${b}`, [`the built-in ${b} has no scenarios/${b}.json`]);
        continue;
    }
    const r = loopsimSync(['export-js', b]);
    const refused = r.status === 2 && /already a JavaScript program/.test(r.stderr);
    report(`list: ${b}`, refused ? [] : [`export-js of the JavaScript built-in ${b}: status ` +
        `${r.status}, stderr ${JSON.stringify(r.stderr)}, not refused as a JavaScript input`]);
}
for (const name of Object.keys(REFUSED)) {
    if (!existsSync(join(root, 'scenarios', `${name}.json`))) {
        report(`REFUSED: ${name}`, ['no such scenario: take it off REFUSED']);
    }
}
if (only.length === 0) {
    checkErrors();
}
// Started together (the scheduler bounds node's runs), reported in name order.
for (const p of names.map(checkScenario)) {
    report(...(await p));
}
rmSync(tmp, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
