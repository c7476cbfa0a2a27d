#!/usr/bin/env node
// bench/cost/run.mjs - measures on the installed node what loopsim's default cost model is made
// of, and how often node prints each order of the issue 6 programs (docs/cost-model.md).
//
// usage: node bench/cost/run.mjs [--scale F] [--jobs J] [PART...]
//   PART     startup, callback, log, orders (default: all four)
//   --scale  multiplies every run count (default 1: 100 start-up runs, 30 per callback mode and
//            log target, 300 per program)
//   --jobs   processes at once (default 1; 2 is how the conformance runner runs the twins)
//
// Every figure is one process's measurement, repeated in fresh processes: the report gives the
// median and the 10th and 90th percentiles over the runs, and the load average before and after,
// since the machine is shared. Uses node's standard library only.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

// Runs `node [flags] file args` with stdout `out` ('pipe', or a path); resolves to its stdout
// (or the file's text) and stderr.
function runNode(file, args, out = 'pipe', flags = []) {
    return new Promise((done, fail) => {
        const fd = out === 'pipe' ? 'pipe' : openSync(out, 'w');
        const child = spawn(process.execPath, [...flags, join(HERE, file), ...args],
            { stdio: ['ignore', fd, 'pipe'] });
        const chunks = { stdout: [], stderr: [] };
        child.stdout?.on('data', (d) => chunks.stdout.push(d));
        child.stderr.on('data', (d) => chunks.stderr.push(d));
        child.on('error', fail);
        child.on('close', (code) => {
            if (fd !== 'pipe') {
                closeSync(fd);
            }
            const stdout = fd === 'pipe' ? Buffer.concat(chunks.stdout).toString() : readFileSync(out, 'utf8');
            done({ code, stdout, stderr: Buffer.concat(chunks.stderr).toString() });
        });
    });
}

// Runs task(i) for i < n with at most `jobs` at once; resolves to the results in order.
async function pool(n, jobs, task) {
    const results = new Array(n);
    let next = 0;
    const worker = async () => {
        while (next < n) {
            const i = next++;
            results[i] = await task(i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, n) }, worker));
    return results;
}

function quantile(sorted, q) {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

// "median (p10-p90)" of the numbers, with `digits` decimals.
function spread(values, digits) {
    const s = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
    const f = (v) => v.toFixed(digits);
    return `${f(quantile(s, 0.5))} (${f(quantile(s, 0.1))}–${f(quantile(s, 0.9))})`;
}

function tally(outputs) {
    const counts = new Map();
    for (const o of outputs) {
        counts.set(o, (counts.get(o) || 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function startup(opts) {
    const n = Math.round(100 * opts.scale);
    const flags = ['--expose-internals', '--no-warnings'];
    const rs = await pool(n, opts.jobs, async () =>
        JSON.parse((await runNode('startup.js', [], 'pipe', flags)).stdout));
    console.log(`\n### Start-up: the main script's setTimeout to uv_run (${n} runs, ms)\n`);
    console.log('| interval | median (p10–p90) |\n|---|---|');
    console.log(`| setTimeout call → loop start | ${spread(rs.map((r) => r.setToLoop), 3)} |`);
    console.log(`| the (first, cold) setTimeout call | ${spread(rs.map((r) => r.setCall), 3)} |`);
    console.log(`| end of main script → loop start | ${spread(rs.map((r) => r.mainEndToLoop), 3)} |`);
    console.log(`| end of main script → end of its drain | ${spread(rs.map((r) => r.mainToDrainEnd), 3)} |`);
    console.log(`| end of the drain → loop start | ${spread(rs.map((r) => r.drainEndToLoop), 3)} |`);
    const crossed = rs.filter((r) => r.crossed).length;
    console.log(`\nloop start in a later libuv millisecond than the timer's start: ${crossed}/${n}` +
        ` (so on average ${(crossed / n).toFixed(2)} ms pass from the timer's clock reading to uv_run)`);
    console.log(`orders: ${tally(rs.map((r) => r.order)).map(([o, c]) => `${o} ${c}`).join('; ')}`);
    const agree = rs.filter((r) => r.crossed === r.order.startsWith('timeout')).length;
    console.log(`order as the millisecond predicts: ${agree}/${n}`);
}

async function callback(opts) {
    const n = Math.round(30 * opts.scale);
    console.log(`\n### An empty callback (${n} runs of 2000 callbacks each, µs between two callbacks)\n`);
    console.log('| mode | first 10 (cold) | steady (median of the rest) |\n|---|---|---|');
    for (const mode of ['immediate-chain', 'immediate-batch', 'timer-batch', 'tick-batch']) {
        const rs = await pool(n, opts.jobs, async () =>
            JSON.parse((await runNode('callback.js', [mode, '2000'])).stdout));
        console.log(`| ${mode} | ${spread(rs.map((r) => r.first), 1)} | ${spread(rs.map((r) => r.steady), 2)} |`);
    }
    const spins = await pool(n, opts.jobs, async () => JSON.parse((await runNode('spin.js', [])).stdout));
    console.log(`\nA loop that never sleeps (${n} runs): ${spread(spins.map((r) => r.spins), 0)} iterations` +
        ` in 80 ms, ${spread(spins.map((r) => r.usPerIteration), 2)} µs each`);
}

async function log(opts) {
    const n = Math.round(30 * opts.scale);
    const dir = mkdtempSync(join(tmpdir(), 'loopsim-cost-'));
    console.log(`\n### console.log (${n} runs of 200 logs each, µs per call)\n`);
    console.log('| stdout | first in the process | next 10 | steady (median of the rest) |\n|---|---|---|---|');
    for (const target of ['pipe', 'file', '/dev/null']) {
        const rs = await pool(n, opts.jobs, async (i) => {
            const out = target === 'file' ? join(dir, `out${i}`) : target;
            return JSON.parse((await runNode('log.js', ['200'], out)).stderr);
        });
        console.log(`| ${target} | ${spread(rs.map((r) => r.first), 0)} | ${spread(rs.map((r) => r.next10), 1)} | ${spread(rs.map((r) => r.steady), 2)} |`);
    }
    rmSync(dir, { recursive: true, force: true });
}

// The programs of issue 6 are the conformance twins of their scenarios; then the plain race.
const PROGRAMS = [
    'timeout-vs-immediate-chain', 'busy-loop-still-runs-timers', 'first-log-settles-the-race',
    'timeout-vs-immediate-in-main',
];

async function orders(opts) {
    const n = Math.round(300 * opts.scale);
    console.log(`\n### Orders (${n} runs each, stdout piped, ${opts.jobs} at once)\n`);
    for (const name of PROGRAMS) {
        const twin = join('..', '..', 'tests', 'conformance', `${name}.js`);
        const rs = await pool(n, opts.jobs, async () =>
            (await runNode(twin, [])).stdout.trim().split('\n').join(', '));
        console.log(`- ${name}: ${tally(rs).map(([o, c]) => `\`${o}\` ${c}`).join('; ')}`);
    }
}

const PARTS = { startup, callback, log, orders };

async function main() {
    const opts = { scale: 1, jobs: 1, parts: [] };
    const argv = process.argv.slice(2);
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--scale') {
            opts.scale = Number(argv[++i]);
        } else if (argv[i] === '--jobs') {
            opts.jobs = Number(argv[++i]);
        } else if (PARTS[argv[i]]) {
            opts.parts.push(argv[i]);
        } else {
            console.error(`usage: node bench/cost/run.mjs [--scale F] [--jobs J] [${Object.keys(PARTS).join('|')}...]`);
            process.exit(2);
        }
    }
    if (opts.parts.length === 0) {
        opts.parts = Object.keys(PARTS);
    }
    console.log(`node ${process.version}, ${opts.jobs} at once; load average before: ${load()}`);
    for (const p of opts.parts) {
        await PARTS[p](opts);
    }
    console.log(`\nload average after: ${load()}`);
}

main();
