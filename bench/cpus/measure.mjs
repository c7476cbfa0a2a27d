#!/usr/bin/env node
// bench/cpus/measure.mjs - node against loopsim --cpus on this machine (docs/cpus.md).
//
// usage: node bench/cpus/measure.mjs LOOPSIM [RUNS] [W]
//
// Runs program.js (wave and sync, W ms per job, default 50) RUNS times (default 10) in fresh
// node processes, one at a time, and prints the median and the range of each figure beside
// what `LOOPSIM trace --format jsonl --cpus N` gives for the same program (N = 0 and 2).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const [loopsim, runsArg, msArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 10);
const W = Number(msArg ?? 50);

function node(kind) {
    const out = execFileSync(process.execPath, [join(HERE, 'program.js'), kind, String(W)]);
    return JSON.parse(out.toString());
}

function stats(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[Math.floor(s.length / 2)].toFixed(1)} (${s[0].toFixed(1)}-${s[s.length - 1].toFixed(1)})`;
}

// The same programs for loopsim: wave as a scenario (the default cost model), sync as
// JavaScript with its durations on its lines.
function program(kind) {
    if (kind === 'wave') {
        const job = { op: 'crypto.pbkdf2', ms: W, label: 'job' };
        return JSON.stringify({ loopsim: 1, name: kind, main: [{ op: 'repeat', times: 8, do: [job] }] });
    }
    return `const crypto = require('crypto');
for (let i = 0; i < 4; i++) {
    crypto.pbkdf2('secret', 'salt', 1, 64, 'sha512', () => {}); // loopsim: ${4 * W}ms
}
setTimeout(() => {
    let t = performance.now();
    crypto.pbkdf2Sync('secret', 'salt', 1, 64, 'sha512'); // loopsim: ${W}ms
    const a = performance.now() - t;
    t = performance.now();
    const end = Date.now() + ${W};
    while (Date.now() < end);
    console.log(a.toFixed(1), (performance.now() - t).toFixed(1));
}, 5);
`;
}

function simulate(kind, cpus) {
    const dir = mkdtempSync(join(tmpdir(), 'cpus-'));
    const file = join(dir, kind === 'wave' ? 'wave.json' : 'sync.js');
    writeFileSync(file, program(kind));
    const format = kind === 'wave' ? 'jsonl' : 'logs';
    const out = execFileSync(loopsim, ['trace', '--format', format, '--cpus', String(cpus), file])
        .toString().trim();
    rmSync(dir, { recursive: true });
    if (kind === 'sync') {
        return out.split(' ').map(Number);
    }
    return out.split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'worker-done')
        .map((e) => e.time_ms);
}

const waves = [];
const syncs = [];
for (let i = 0; i < RUNS; i++) {
    waves.push(node('wave'));
    syncs.push(node('sync'));
}
const nth = (runs, i) => runs.map((r) => r.times[i]);
console.log(`W = ${W} ms, ${RUNS} runs each; node ${process.version}; load ${execFileSync('cat', ['/proc/loadavg']).toString().trim()}`);
console.log(`a job alone (calibrated): ${stats(waves.map((r) => r.solo))} ms`);
for (const cpus of [0, 2]) {
    const t = simulate('wave', cpus);
    console.log(`loopsim --cpus ${cpus}, pool 4 x 8 jobs: first wave ${t[3]} ms, last ${t[7]} ms`);
}
console.log(`node, pool 4 x 8 jobs: 1st ${stats(nth(waves, 0))}, 4th ${stats(nth(waves, 3))}, ` +
            `5th ${stats(nth(waves, 4))}, 8th ${stats(nth(waves, 7))} ms`);
for (const cpus of [0, 2]) {
    const [sync, wait] = simulate('sync', cpus);
    console.log(`loopsim --cpus ${cpus}, while 4 jobs compute: pbkdf2Sync of W ${sync} ms, ` +
                `a Date.now() wait of W ${wait} ms`);
}
console.log(`node, while 4 jobs compute: pbkdf2Sync of W took ${stats(nth(syncs, 0))} ms, ` +
            `a Date.now() wait of W ${stats(nth(syncs, 1))} ms`);
