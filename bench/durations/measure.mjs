#!/usr/bin/env node
// bench/durations/measure.mjs - measures on the installed node how long each operation of the
// JavaScript front end's Node.js surface takes (fs, crypto, zlib, dns.lookup, a busy wait on the
// clock), fits each to a fixed part plus a per-unit part, prints Markdown tables and writes the
// figures and formulas as JSON (docs/js-durations.md is made of them).
//
// usage: node bench/durations/measure.mjs [--scale F] [--out FILE] [--quiet-cores C]
//                                         [--max-wait S] [PART...]
//   PART     pool, fs, fs-sync, fs-promises, crypto, crypto-sync, zlib, zlib-sync, dns, clock,
//            cold (default: all)
//
// A worker-pool operation is timed from the call to its callback, one request at a time, on an
// idle loop with a warmed-up pool. Each sample is paired with as many empty round trips of the
// pool (`fs.fstat` of an open fd) as the operation makes requests, taken just before it; its
// *net* figure, the difference, is the work done on the worker: the duration a simulated pool
// job takes. A `…Sync` form is timed around the call with process.hrtime.bigint(). Every
// figure is the median over many samples in one process, with the 10th and 90th percentiles;
// `cold` runs fresh processes and times an operation's first call. The machine is shared: before
// each series the script waits until the other processes use less than C cores (--quiet-cores,
// default 0.3; at most --max-wait seconds), and it records the CPU they used during each series
// and the hypervisor's steal time per part. Uses node's standard library only.
import { spawnSync } from 'node:child_process';
import { createHook } from 'node:async_hooks';
import crypto from 'node:crypto';
import dns from 'node:dns';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { parseCommandLine, usageError } from '../../tests/lib/args.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const KiB = 1024;
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Clocks, statistics, the machine's other load.

/** Milliseconds on the monotonic clock, to the nanosecond. */
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** One turn of the loop, so that the pool's threads and the loop are idle between samples. */
const idle = () => new Promise((done) => setImmediate(done));

function quantile(sorted, q) {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** { median, p10, p90 } of the numbers. */
function stats(values) {
    const s = [...values].sort((a, b) => a - b);
    return { median: quantile(s, 0.5), p10: quantile(s, 0.1), p90: quantile(s, 0.9) };
}

/** A duration in ms with about four significant digits. */
function ms(v) {
    const a = Math.abs(v);
    const digits = a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : a >= 0.1 ? 4 : 5;
    return v.toFixed(digits);
}

/** v rounded to `sig` significant digits, as a short decimal. */
function round(v, sig = 2) {
    if (v === 0 || !Number.isFinite(v)) {
        return String(v);
    }
    const p = Math.pow(10, sig - 1 - Math.floor(Math.log10(Math.abs(v))));
    return String(Math.round(v * p) / p);
}

// System CPU time (jiffies) beside this process and its waited-for children, and steal time.
function cpuSnapshot() {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idleJ, iowait, irq, softirq, steal] = cpu.slice(1).map(Number);
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    // fields[0] is field 3 of proc(5): utime is field 14, stime 15, cutime 16, cstime 17
    const mine = fields[11] + fields[12] + fields[13] + fields[14];
    return {
        t: now(), busy: user + nice + system + irq + softirq, idle: idleJ + iowait, steal, mine,
    };
}

const TICKS_PER_MS = 100 / 1000;   // USER_HZ is 100 on Linux

/** The other processes' CPU use (in cores) and the steal time (in cores) between snapshots. */
function otherLoad(a, b) {
    const span = (b.t - a.t) * TICKS_PER_MS;
    return {
        others: Math.max(0, (b.busy - a.busy) - (b.mine - a.mine)) / span,
        steal: (b.steal - a.steal) / span,
    };
}

const sleep = (t) => new Promise((done) => setTimeout(done, t));

// --quiet-cores and --max-wait: before each series, wait (up to maxWait seconds) until the other
// processes use less than quietCores cores over half a second.
let quietCores = 0.3;
let maxWait = 300;

/** Waits for a quiet machine; resolves to { waited (ms), others (cores) }. */
async function waitQuiet() {
    const t0 = now();
    for (;;) {
        const a = cpuSnapshot();
        await sleep(500);
        const { others } = otherLoad(a, cpuSnapshot());
        if (quietCores <= 0 || others < quietCores || now() - t0 > maxWait * 1000) {
            return { waited: now() - t0 - 500, others };
        }
    }
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

// ---------------------------------------------------------------------------------------------
// Least squares: y = a + b x, weighted by 1/y² so that the error is relative at every size.

/** Fits points [{x, y}] to y = a + b·x; returns { a, b, maxRel, rmsRel, residuals }. */
function fitLine(points) {
    let sw = 0;
    let swx = 0;
    let swy = 0;
    let swxx = 0;
    let swxy = 0;
    for (const { x, y } of points) {
        const w = 1 / Math.max(Math.abs(y), 0.001) ** 2;
        sw += w;
        swx += w * x;
        swy += w * y;
        swxx += w * x * x;
        swxy += w * x * y;
    }
    const det = sw * swxx - swx * swx;
    const b = det === 0 ? 0 : (sw * swxy - swx * swy) / det;
    const a = (swy - b * swx) / sw;
    const residuals = points.map(({ x, y }) => (a + b * x - y) / Math.max(Math.abs(y), 0.001));
    const maxRel = Math.max(...residuals.map(Math.abs));
    const rmsRel = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
    return { a, b, maxRel, rmsRel, residuals };
}

// ---------------------------------------------------------------------------------------------
// The record of a run: series of samples, baselines, fits.

const results = {
    script: 'bench/durations/measure.mjs',
    date: new Date().toISOString(),
    machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        kernel: os.release(),
        memoryMiB: Math.round(os.totalmem() / MiB),
        tmpdir: os.tmpdir(),
    },
    node: {
        version: process.version, uv: process.versions.uv, openssl: process.versions.openssl,
        zlib: process.versions.zlib, brotli: process.versions.brotli,
        threadpool: process.env.UV_THREADPOOL_SIZE || '4 (default)',
    },
    options: {},
    parts: [],
    baselines: {},
    series: [],
    fits: [],
};

let scale = 1;
let currentPart = null;

// Markdown rows of the current part, printed at its end.
let rows = [];

/**
 * Takes samples of `sample()` (which returns, or resolves to, one duration in ms): warm-up
 * first, then up to n samples or until `budget` ms have passed (at least `min`). `spec`: { op,
 * form (callback, sync, promise), x (the size or count the cost depends on), unit, params,
 * requests (pool round trips per call), n, budget }. With `requests`, each sample is paired
 * with as many empty round trips of the pool taken just before it, and its net figure is the
 * difference: the pool's latency moves between a fast and a slow mode (a sleeping thread's
 * wake-up), so only a difference of neighbouring samples is a steady measure of the work.
 * Returns the recorded series.
 */
async function series(spec, sample) {
    const n = Math.max(5, Math.round((spec.n ?? 200) * scale));
    const budget = (spec.budget ?? 1500) * scale;
    const min = Math.max(5, Math.round(7 * Math.min(scale, 1)));
    const warm = spec.warm ?? Math.max(3, Math.round(n / 10));
    const quiet = await waitQuiet();
    const before = cpuSnapshot();
    const paired = spec.requests !== undefined;
    const empty = spec.form === 'promise' ? emptyPromise : emptyCallback;
    const take = async () => {
        let base = 0;
        for (let i = 0; paired && i < spec.requests; i++) {
            base += await empty();
            await idle();
        }
        const t = await sample();
        await idle();
        return [t, t - base];
    };
    const w0 = now();
    for (let i = 0; i < warm && (i < 2 || now() - w0 < budget / 4); i++) {
        await take();
    }
    const values = [];
    const nets = [];
    const t0 = now();
    while (values.length < n && (values.length < min || now() - t0 < budget)) {
        const [t, net] = await take();
        values.push(t);
        nets.push(net);
    }
    // over less than half a second the kernel's 10 ms ticks say little: then the figure of the
    // half second before the series stands for it
    const after = cpuSnapshot();
    const load = after.t - before.t < 500 ? quiet : otherLoad(before, after);
    const s = stats(values);
    const record = {
        part: currentPart, op: spec.op, form: spec.form, params: spec.params ?? {},
        x: spec.x ?? null, unit: spec.unit ?? null, n: values.length, ...s,
        others: Number(load.others.toFixed(2)), waitedS: Number((quiet.waited / 1000).toFixed(1)),
    };
    if (spec.histogram) {
        // samples per 5 µs bucket, as { "µs from": count }
        record.histogram = {};
        for (const v of values) {
            const bucket = Math.min(200, Math.floor(v * 200) * 5);
            record.histogram[bucket] = (record.histogram[bucket] || 0) + 1;
        }
    }
    let net = '';
    if (paired) {
        const d = stats(nets);
        record.requests = spec.requests;
        record.net = d.median;
        record.netP10 = d.p10;
        record.netP90 = d.p90;
        net = `${ms(d.median)} (${ms(d.p10)}–${ms(d.p90)})`;
    }
    results.series.push(record);
    const what = Object.entries(record.params).map(([k, v]) => `${k}=${v}`).join(' ');
    rows.push(`| ${spec.op} | ${spec.form} | ${what} | ${record.n} | ${ms(s.median)} ` +
              `(${ms(s.p10)}–${ms(s.p90)}) | ${record.requests ?? ''} | ${net} | ` +
              `${record.others.toFixed(2)} |`);
    return record;
}

/** Times one callback-style call: start(done) calls done from the operation's callback. */
function timeCallback(start) {
    return new Promise((done, fail) => {
        const t0 = now();
        start((err) => {
            const t1 = now();
            if (err) {
                fail(err);
            } else {
                done(t1 - t0);
            }
        });
    });
}

/** Times one call that returns a promise, to the continuation after it settles. */
async function timePromise(start) {
    const t0 = now();
    await start();
    return now() - t0;
}

/** Times one synchronous call. */
function timeSync(call) {
    const t0 = now();
    call();
    return now() - t0;
}

let baseFd = null;
let baseHandle = null;

/** Opens the file whose fstat is the pool's empty round trip (an fstat syscall: < 1 µs). */
async function openBaseline() {
    if (baseFd === null) {
        const file = join(scratch(), 'baseline');
        fs.writeFileSync(file, 'x');
        baseFd = fs.openSync(file, 'r');
        baseHandle = await fsp.open(file, 'r');
    }
}

/** One empty round trip of the pool: fs.fstat of an open fd, and its promise form. */
const emptyCallback = () => timeCallback((d) => fs.fstat(baseFd, d));
const emptyPromise = () => timePromise(() => baseHandle.stat());

/** Measures the pool's empty round trip, callback and promise forms, and fstatSync. */
async function measureBaseline(when) {
    await openBaseline();
    const cb = await series({ op: 'empty round trip: fs.fstat(fd)', form: 'callback',
                              params: { when }, n: 400, histogram: true }, emptyCallback);
    const pr = await series({ op: 'empty round trip: filehandle.stat()', form: 'promise',
                              params: { when }, n: 400, histogram: true }, emptyPromise);
    const sync = await series({ op: 'fs.fstatSync(fd)', form: 'sync', params: { when }, n: 400 },
        () => timeSync(() => fs.fstatSync(baseFd)));
    results.baselines[when] = {
        callback: { median: cb.median, p10: cb.p10, p90: cb.p90 },
        promise: { median: pr.median, p10: pr.p10, p90: pr.p90 },
        fstatSync: sync.median,
    };
}

// ---------------------------------------------------------------------------------------------
// Scratch files.

let scratchDir = null;

function scratch() {
    if (scratchDir === null) {
        scratchDir = fs.mkdtempSync(join(os.tmpdir(), 'loopsim-durations-'));
    }
    return scratchDir;
}

function cleanUp() {
    if (baseFd !== null) {
        fs.closeSync(baseFd);
        baseFd = null;
    }
    if (scratchDir !== null) {
        fs.rmSync(scratchDir, { recursive: true, force: true });
        scratchDir = null;
    }
}

/** A file of `size` bytes (pseudo-random content) in the scratch dir; returns its path. */
function fileOfSize(name, size) {
    const path = join(scratch(), name);
    fs.writeFileSync(path, crypto.randomBytes(size));
    return path;
}

// Text that compresses about as well as prose or source code: words of a fixed vocabulary,
// drawn by a deterministic generator with a skewed distribution, in lines.
function text(size) {
    let seed = 2463534242;
    const rand = () => {   // xorshift32: a period of 2³² − 1, so the text never repeats itself
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return (seed >>> 0) / 4294967296;
    };
    const vocabulary = [];
    for (let i = 0; i < 800; i++) {
        const len = 2 + Math.floor(rand() * 8);
        let w = '';
        for (let j = 0; j < len; j++) {
            w += String.fromCharCode(97 + Math.floor(rand() * 26));
        }
        vocabulary.push(w);
    }
    const parts = [];
    let length = 0;
    let column = 0;
    while (length < size) {
        const w = vocabulary[Math.floor(vocabulary.length * rand() ** 3)];
        const sep = column + w.length > 90 ? '\n' : ' ';
        column = sep === '\n' ? 0 : column + w.length + 1;
        parts.push(w, sep);
        length += w.length + 1;
    }
    return Buffer.from(parts.join('')).subarray(0, size);
}

// ---------------------------------------------------------------------------------------------
// Counting the pool requests an operation makes (async_hooks; off while timing).

const REQUEST_TYPES = new Set([
    'FSREQCALLBACK', 'FSREQPROMISE', 'FILEHANDLECLOSEREQ', 'PBKDF2REQUEST', 'SCRYPTREQUEST',
    'RANDOMBYTESREQUEST', 'GETADDRINFOREQWRAP',
]);

/** How many pool round trips `start()` (resolving when the operation is done) makes. */
async function countRequests(start) {
    const types = new Map();
    let count = 0;
    const hook = createHook({
        init(id, type) {
            types.set(id, type);
            if (REQUEST_TYPES.has(type)) {
                count++;
            }
        },
        // A zlib handle is one resource; each of its pool jobs ends in one callback on it.
        before(id) {
            if (types.get(id) === 'ZLIB') {
                count++;
            }
        },
    });
    hook.enable();
    await start();
    hook.disable();
    return count;
}

const promisified = (f, ...args) => new Promise((done, fail) =>
    f(...args, (err, v) => (err ? fail(err) : done(v))));

// ---------------------------------------------------------------------------------------------
// The parts.

const IO_SIZES = [1 * KiB, 64 * KiB, 512 * KiB, 4 * MiB];
const READFILE_SIZES = [0, 1 * KiB, 64 * KiB, 512 * KiB, 2 * MiB, 8 * MiB];
const DIR_ENTRIES = [0, 10, 100, 1000];

/** The directories of 0, 10, 100 and 1000 empty files that readdir lists. */
function makeDirs() {
    const dirs = {};
    for (const n of DIR_ENTRIES) {
        const d = join(scratch(), `dir${n}`);
        fs.mkdirSync(d, { recursive: true });
        for (let i = 0; i < n; i++) {
            fs.writeFileSync(join(d, `entry-${i}.txt`), '');
        }
        dirs[n] = d;
    }
    return dirs;
}

// Every fs operation in the three forms: { op, form, x, unit, params, requests, setup, run }.
// `run(...)` is a function of the form's timer; setup/teardown run outside the timed window.
async function fsPart(form) {
    const file = fileOfSize('stat-me', 1 * KiB);
    const dirs = makeDirs();
    const cbForm = form === 'callback';
    const time = cbForm ? timeCallback : form === 'promise' ? timePromise : timeSync;
    const common = { form };
    const call = (cbCall, promiseCall, syncCall) =>
        cbForm ? cbCall : form === 'promise' ? promiseCall : syncCall;
    const name = (op) => (form === 'sync' ? `fs.${op}Sync` : form === 'promise'
        ? `fs.promises.${op}` : `fs.${op}`);
    const req = form === 'sync' ? undefined : 1;

    await series({ ...common, op: name('stat'), requests: req },
        () => time(call((d) => fs.stat(file, d), () => fsp.stat(file), () => fs.statSync(file))));
    await series({ ...common, op: name('lstat'), requests: req },
        () => time(call((d) => fs.lstat(file, d), () => fsp.lstat(file),
            () => fs.lstatSync(file))));
    await series({ ...common, op: name('access'), requests: req },
        () => time(call((d) => fs.access(file, d), () => fsp.access(file),
            () => fs.accessSync(file))));

    // open: the fd (or FileHandle) is closed outside the timed window
    await series({ ...common, op: name('open'), params: { flags: 'r' }, requests: req },
        async () => {
            let fd = null;
            const t = await time(call(
                (d) => fs.open(file, 'r', (e, f) => {
                    fd = f;
                    d(e);
                }),
                async () => {
                    fd = await fsp.open(file, 'r');
                },
                () => {
                    fd = fs.openSync(file, 'r');
                }));
            await (typeof fd === 'number' ? fs.closeSync(fd) : fd.close());
            return t;
        });
    await series({ ...common, op: name('close'), requests: req },
        async () => {
            const fd = cbForm || form === 'sync' ? fs.openSync(file, 'r') : await fsp.open(file);
            return time(call((d) => fs.close(fd, d), () => fd.close(), () => fs.closeSync(fd)));
        });

    // read and write by size, at position 0 of a file of that size (in the page cache)
    for (const op of ['read', 'write']) {
        for (const size of IO_SIZES) {
            const path = fileOfSize(`${op}-${size}`, size);
            const fd = fs.openSync(path, 'r+');
            const handle = form === 'promise' ? await fsp.open(path, 'r+') : null;
            const buf = crypto.randomBytes(size);
            await series({ ...common, op: name(op), x: size / KiB, unit: 'KiB',
                           params: { KiB: size / KiB }, requests: req, n: 150 },
                () => time(call(
                    (d) => fs[op](fd, buf, 0, size, 0, d),
                    () => handle[op](buf, 0, size, 0),
                    () => fs[`${op}Sync`](fd, buf, 0, size, 0))));
            fs.closeSync(fd);
            await handle?.close();
        }
    }

    // readFile by file size: its chain of requests, counted first
    for (const size of READFILE_SIZES) {
        const path = fileOfSize(`readFile-${size}`, size);
        const requests = form === 'sync' ? undefined : await countRequests(
            cbForm ? () => promisified(fs.readFile, path) : () => fsp.readFile(path));
        await series({ ...common, op: name('readFile'), x: size / KiB, unit: 'KiB',
                       params: { KiB: size / KiB }, requests, n: 150 },
            () => time(call((d) => fs.readFile(path, d), () => fsp.readFile(path),
                () => fs.readFileSync(path))));
    }

    // writeFile over the file its previous call wrote (O_TRUNC of a file with data) and to a
    // new file (unlinked before each call); appendFile to a file emptied before each call
    const targets = [['writeFile', 'existing file'], ['writeFile', 'new file'],
                     ['appendFile', 'emptied file']];
    for (const [op, target] of targets) {
        for (const size of IO_SIZES) {
            const path = join(scratch(), `${op}-${size}`);
            const data = crypto.randomBytes(size);
            fs.writeFileSync(path, data);
            const requests = form === 'sync' ? undefined : await countRequests(
                cbForm ? () => promisified(fs[op], path, data) : () => fsp[op](path, data));
            await series({ ...common, op: name(op), x: size / KiB, unit: 'KiB',
                           params: { target, KiB: size / KiB }, requests, n: 100 },
                () => {
                    if (target === 'new file') {
                        fs.rmSync(path, { force: true });
                    } else if (target === 'emptied file') {
                        fs.truncateSync(path, 0);
                    }
                    return time(call((d) => fs[op](path, data, d), () => fsp[op](path, data),
                        () => fs[`${op}Sync`](path, data)));
                });
        }
    }
    if (form === 'sync') {
        await writeFileSteps();
    }

    for (const entries of DIR_ENTRIES) {
        const d = dirs[entries];
        await series({ ...common, op: name('readdir'), x: entries, unit: 'entry',
                       params: { entries }, requests: req, n: entries >= 1000 ? 100 : 200 },
            () => time(call((done) => fs.readdir(d, done), () => fsp.readdir(d),
                () => fs.readdirSync(d))));
    }

    const fresh = join(scratch(), 'made');
    await series({ ...common, op: name('mkdir'), requests: req },
        async () => {
            const t = await time(call((d) => fs.mkdir(fresh, d), () => fsp.mkdir(fresh),
                () => fs.mkdirSync(fresh)));
            fs.rmdirSync(fresh);
            return t;
        });
    await series({ ...common, op: name('unlink'), requests: req },
        () => {
            fs.writeFileSync(fresh, '');
            return time(call((d) => fs.unlink(fresh, d), () => fsp.unlink(fresh),
                () => fs.unlinkSync(fresh)));
        });
    const names = [join(scratch(), 'rename-a'), join(scratch(), 'rename-b')];
    fs.writeFileSync(names[0], 'x');
    let flip = 0;
    await series({ ...common, op: name('rename'), requests: req },
        () => {
            const [from, to] = flip++ % 2 === 0 ? names : [names[1], names[0]];
            return time(call((d) => fs.rename(from, to, d), () => fsp.rename(from, to),
                () => fs.renameSync(from, to)));
        });
}

// Which of writeFile's three requests costs what: each step of writeFileSync timed alone (the
// other two run untimed), over a file that holds the previous call's data (its writeback, which
// ext4 starts at the close of a truncated file, may still run), over a file whose data is on
// disk (fsynced first), and creating a new file.
async function writeFileSteps() {
    const probe = join(scratch(), 'probe');
    fs.writeFileSync(probe, 'x');
    const closes = [];
    for (let i = 0; i < 50; i++) {
        const fd = fs.openSync(probe, 'r');
        closes.push(timeSync(() => fs.closeSync(fd)));
    }
    // the close of an fd opened for reading, taken off the figures of an open alone
    const closeCost = stats(closes).median;
    const openAlone = (path) => timeSync(() => fs.closeSync(fs.openSync(path, 'w'))) - closeCost;
    for (const size of [1 * KiB, 4 * MiB]) {
        const path = join(scratch(), `steps-${size}`);
        const data = crypto.randomBytes(size);
        fs.writeFileSync(path, data);
        const steps = {
            'openSync(path, "w") of a file with data': () => {
                const t = openAlone(path);
                fs.writeFileSync(path, data);
                return t;
            },
            'openSync(path, "w") of a file with data on disk': () => {
                const fd = fs.openSync(path, 'w');
                fs.writeSync(fd, data);
                fs.fsyncSync(fd);
                fs.closeSync(fd);
                return openAlone(path);
            },
            'openSync(path, "w") creating the file': () => {
                fs.rmSync(path, { force: true });
                return openAlone(path);
            },
            'writeSync to the truncated file': () => {
                const fd = fs.openSync(path, 'w');
                const t = timeSync(() => fs.writeSync(fd, data));
                fs.closeSync(fd);
                return t;
            },
            'closeSync after the rewrite': () => {
                const fd = fs.openSync(path, 'w');
                fs.writeSync(fd, data);
                return timeSync(() => fs.closeSync(fd));
            },
            'closeSync after writing a new file': () => {
                fs.rmSync(path, { force: true });
                const fd = fs.openSync(path, 'w');
                fs.writeSync(fd, data);
                return timeSync(() => fs.closeSync(fd));
            },
        };
        for (const [step, sample] of Object.entries(steps)) {
            await series({ form: 'sync', op: `writeFileSync step: ${step}`,
                           params: { KiB: size / KiB }, n: step.includes('on disk') ? 20 : 60 },
                sample);
        }
    }
}

const PBKDF2_ITERATIONS = [1, 1000, 10000, 30000, 100000];
const DIGESTS = ['sha1', 'sha256', 'sha512'];
const HASH_BYTES = { sha1: 20, sha256: 32, sha512: 64 };
const SCRYPT = [
    { N: 1024, r: 8, p: 1 }, { N: 4096, r: 8, p: 1 }, { N: 16384, r: 8, p: 1 },
    { N: 65536, r: 8, p: 1 }, { N: 16384, r: 1, p: 1 }, { N: 16384, r: 16, p: 1 },
    { N: 16384, r: 8, p: 2 }, { N: 16384, r: 8, p: 4 },
];
const RANDOM_SIZES = [1, 1 * KiB, 64 * KiB, 1 * MiB, 8 * MiB];

async function cryptoPart(form) {
    const sync = form === 'sync';
    const time = sync ? timeSync : timeCallback;
    const req = sync ? undefined : 1;
    const op = (name) => `crypto.${name}${sync ? 'Sync' : ''}`;
    const pbkdf2 = (iterations, keylen, digest) => (sync
        ? timeSync(() => crypto.pbkdf2Sync('password', 'salt', iterations, keylen, digest))
        : timeCallback((d) => crypto.pbkdf2('password', 'salt', iterations, keylen, digest, d)));
    for (const digest of DIGESTS) {
        for (const iterations of PBKDF2_ITERATIONS) {
            const blocks = Math.ceil(64 / HASH_BYTES[digest]);
            await series({ form, op: op('pbkdf2'), x: iterations * blocks, unit: 'iteration·block',
                           params: { digest, iterations, keylen: 64 }, requests: req, n: 100,
                           budget: 2000 },
                () => pbkdf2(iterations, 64, digest));
        }
    }
    // keylen: one more block of the digest per hash length of key
    for (const [digest, keylen] of [['sha256', 32], ['sha256', 128], ['sha512', 128],
                                    ['sha512', 256], ['sha1', 20]]) {
        const iterations = 10000;
        const blocks = Math.ceil(keylen / HASH_BYTES[digest]);
        await series({ form, op: op('pbkdf2'), x: iterations * blocks, unit: 'iteration·block',
                       params: { digest, iterations, keylen }, requests: req, n: 50 },
            () => pbkdf2(iterations, keylen, digest));
    }
    for (const { N, r, p } of SCRYPT) {
        const options = { N, r, p, maxmem: 256 * MiB };
        await series({ form, op: op('scrypt'), x: (N * r * p) / 1024, unit: 'N·r·p/1024',
                       params: { N, r, p, keylen: 64 }, requests: req, n: 60, budget: 2500 },
            () => time(sync ? () => crypto.scryptSync('password', 'salt', 64, options)
                : (d) => crypto.scrypt('password', 'salt', 64, options, d)));
    }
    for (const size of RANDOM_SIZES) {
        await series({ form, op: op('randomBytes'), x: size / KiB, unit: 'KiB',
                       params: { bytes: size }, requests: req, n: 150 },
            () => time(sync ? () => crypto.randomBytes(size)
                : (d) => crypto.randomBytes(size, d)));
        const buf = Buffer.alloc(size);
        await series({ form, op: op('randomFill'), x: size / KiB, unit: 'KiB',
                       params: { bytes: size }, requests: req, n: 150 },
            () => time(sync ? () => crypto.randomFillSync(buf) : (d) => crypto.randomFill(buf, d)));
    }
}

const ZLIB_SIZES = [1 * KiB, 16 * KiB, 128 * KiB, 1 * MiB];

async function zlibPart(form) {
    const sync = form === 'sync';
    const time = sync ? timeSync : timeCallback;
    const inputs = [];
    for (const size of ZLIB_SIZES) {
        inputs.push({ data: 'text', size, buf: text(size) });
    }
    for (const size of [128 * KiB, 1 * MiB]) {
        inputs.push({ data: 'random', size, buf: crypto.randomBytes(size) });
    }
    const plan = [];
    for (const input of inputs) {
        const gz = zlib.gzipSync(input.buf);
        const df = zlib.deflateSync(input.buf);
        const ratio = (input.size / gz.length).toFixed(2);
        const outKiB = (b) => Number((b.length / KiB).toFixed(2));
        plan.push({ fn: 'gzip', input: input.buf, ...input, ratio, outKiB: outKiB(gz) });
        plan.push({ fn: 'gunzip', input: gz, ...input, ratio, outKiB: input.size / KiB });
        plan.push({ fn: 'deflate', input: input.buf, ...input, ratio, outKiB: outKiB(df) });
        plan.push({ fn: 'inflate', input: df, ...input, ratio, outKiB: input.size / KiB });
        if (input.data === 'text') {
            const br = zlib.brotliCompressSync(input.buf);
            plan.push({ fn: 'brotliCompress', input: input.buf, ...input,
                        ratio: (input.size / br.length).toFixed(2), outKiB: outKiB(br) });
        }
    }
    for (const p of plan) {
        const requests = sync ? undefined
            : await countRequests(() => promisified(zlib[p.fn], p.input));
        const slow = p.fn === 'brotliCompress' && p.size >= 128 * KiB;
        await series({ form, op: `zlib.${p.fn}${sync ? 'Sync' : ''}`, x: p.size / KiB,
                       unit: 'KiB (uncompressed)', requests, n: slow ? 20 : 100,
                       budget: slow ? 6000 : 2000, warm: slow ? 1 : undefined,
                       params: { data: p.data, KiB: p.size / KiB, ratio: p.ratio,
                                 outKiB: p.outKiB } },
            () => time(sync ? () => zlib[`${p.fn}Sync`](p.input)
                : (d) => zlib[p.fn](p.input, d)));
    }
}

async function dnsPart() {
    await series({ form: 'callback', op: 'dns.lookup', params: { host: 'localhost' },
                   requests: 1, n: 300 },
        () => timeCallback((d) => dns.lookup('localhost', d)));
}

/** Iterations of `while (clock() - start < spanMs) n++` and how long one takes. */
function busyWait(clock, spanMs) {
    const t0 = now();
    const start = clock();
    let n = 0;
    while (clock() - start < spanMs) {
        n++;
    }
    return { n, usPerIteration: (now() - t0) * 1000 / n };
}

async function clockPart() {
    const clocks = { 'Date.now()': () => Date.now(), 'performance.now()': () => performance.now() };
    for (const [name, clock] of Object.entries(clocks)) {
        for (const span of [1, 50]) {
            const r = await series({ form: 'busy wait', params: { span },
                                     op: `while (${name} - start < ${span}) {} (µs per iteration)`,
                                     n: span === 1 ? 200 : 30 },
                () => busyWait(clock, span).usPerIteration);
            r.valueUnit = 'µs per iteration';
            r.iterationsPerMs = 1000 / r.median;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// `cold`: the first call of an operation in a fresh process (this script with --child OP).

const COLD = {
    'fs.stat (first pool request)': (dir, done) => {
        const t = now();
        fs.stat(join(dir, 'f1k'), () => done(now() - t));
    },
    'fs.readFile 1 KiB': (dir, done) => {
        const t = now();
        fs.readFile(join(dir, 'f1k'), () => done(now() - t));
    },
    'fs.statSync': (dir, done) => done(timeSync(() => fs.statSync(join(dir, 'f1k')))),
    'fs.readFileSync 1 KiB': (dir, done) =>
        done(timeSync(() => fs.readFileSync(join(dir, 'f1k')))),
    'fs.writeFileSync 1 KiB': (dir, done) => {
        const data = text(KiB);
        done(timeSync(() => fs.writeFileSync(join(dir, `w${process.pid}`), data)));
    },
    'fs.readdirSync 10 entries': (dir, done) =>
        done(timeSync(() => fs.readdirSync(join(dir, 'dir10')))),
    'crypto.pbkdf2 sha512 1000': (dir, done) => {
        const t = now();
        crypto.pbkdf2('password', 'salt', 1000, 64, 'sha512', () => done(now() - t));
    },
    'crypto.pbkdf2Sync sha512 1000': (dir, done) =>
        done(timeSync(() => crypto.pbkdf2Sync('password', 'salt', 1000, 64, 'sha512'))),
    'crypto.randomBytes(1024) sync': (dir, done) =>
        done(timeSync(() => crypto.randomBytes(1024))),
    'zlib.gzipSync 1 KiB text': (dir, done) => {
        const input = text(KiB);
        done(timeSync(() => zlib.gzipSync(input)));
    },
    'zlib.gzip 1 KiB text': (dir, done) => {
        const input = text(KiB);
        const t = now();
        zlib.gzip(input, () => done(now() - t));
    },
    'dns.lookup localhost': (dir, done) => {
        const t = now();
        dns.lookup('localhost', () => done(now() - t));
    },
    'Date.now() busy wait 1 ms (µs per iteration)': (dir, done) =>
        done(busyWait(() => Date.now(), 1).usPerIteration),
};

function runChild(opName, dir) {
    const op = COLD[opName];
    op(dir, (first) => {
        op(dir, (second) => {
            fs.writeSync(1, JSON.stringify({ first, second }) + '\n');
        });
    });
}

async function coldPart() {
    const dir = scratch();
    fileOfSize('f1k', KiB);
    makeDirs();
    const runs = Math.max(3, Math.round(15 * scale));
    for (const opName of Object.keys(COLD)) {
        const firsts = [];
        const seconds = [];
        const quiet = await waitQuiet();
        const before = cpuSnapshot();
        for (let i = 0; i < runs; i++) {
            const r = spawnSync(process.execPath,
                [fileURLToPath(import.meta.url), '--child', opName, '--dir', dir],
                { encoding: 'utf8' });
            if (r.status !== 0) {
                throw new Error(`child ${opName}: ${r.stderr}`);
            }
            const { first, second } = JSON.parse(r.stdout);
            firsts.push(first);
            seconds.push(second);
        }
        const f = stats(firsts);
        const s = stats(seconds);
        const others = Number(otherLoad(before, cpuSnapshot()).others.toFixed(2));
        results.series.push({ part: 'cold', op: opName, form: 'first call', params: {}, x: null,
                              unit: null, n: runs, ...f, second: s, others,
                              waitedS: Number((quiet.waited / 1000).toFixed(1)) });
        rows.push(`| ${opName} | first call | | ${runs} | ${ms(f.median)} (${ms(f.p10)}–` +
                  `${ms(f.p90)}) | | second: ${ms(s.median)} | ${others.toFixed(2)} |`);
    }
}

// ---------------------------------------------------------------------------------------------
// Fits: for each operation and form that has a size, least squares over its sizes.

// The parameters that a series' x is made of; the others name a fit of their own.
const X_PARAMS = ['KiB', 'iterations', 'bytes', 'entries', 'N', 'r', 'p', 'keylen', 'ratio',
                  'outKiB'];

/** The label of the fit a series belongs to: its parameters that are not part of x. */
function fitLabel(params) {
    return Object.entries(params).filter(([k]) => !X_PARAMS.includes(k))
        .map(([k, v]) => `${k}=${v}`).join(' ');
}

/** Least squares over the series of one operation, form and label (net ms for pool jobs). */
function addFit(op, form, label) {
    const members = results.series.filter((s) => s.op === op && s.form === form &&
                                                 fitLabel(s.params) === label);
    const points = members.map((s) => ({ x: s.x, y: s.net ?? s.median }));
    if (points.length < 2) {
        return;
    }
    const f = fitLine(points);
    const unit = members[0].unit;
    results.fits.push({
        op, form, which: label, unit, fixedMs: f.a, perUnitMs: f.b, maxRelError: f.maxRel,
        rmsRelError: f.rmsRel,
        formula: `${round(f.a, 2)} ms + ${round(f.b, 2)} ms per ${unit}`,
        points: points.map((p, i) => ({ x: p.x, y: p.y, residual: f.residuals[i] })),
    });
}

function fitAll() {
    const keys = new Set(results.series.filter((s) => s.x !== null && s.part !== 'cold')
        .map((s) => JSON.stringify([s.op, s.form, fitLabel(s.params)])));
    for (const key of keys) {
        addFit(...JSON.parse(key));
    }
}

// ---------------------------------------------------------------------------------------------

const PARTS = {
    pool: () => measureBaseline('start'),
    fs: () => fsPart('callback'),
    'fs-sync': () => fsPart('sync'),
    'fs-promises': () => fsPart('promise'),
    crypto: () => cryptoPart('callback'),
    'crypto-sync': () => cryptoPart('sync'),
    zlib: () => zlibPart('callback'),
    'zlib-sync': () => zlibPart('sync'),
    dns: dnsPart,
    clock: clockPart,
    cold: coldPart,
};

const SPEC = {
    script: 'bench/durations/measure.mjs',
    synopsis: `node bench/durations/measure.mjs [--scale F] [--out FILE] [--quiet-cores C] ` +
              `[--max-wait S] [${Object.keys(PARTS).join('|')}...]`,
    positionals: true,
    options: {
        scale: { type: 'string', placeholder: 'F', default: '1',
                 help: 'multiplies sample counts and time budgets (default 1: ~6 minutes)' },
        out: { type: 'string', placeholder: 'FILE', default: join(HERE, 'results.json'),
               help: 'the JSON results (default bench/durations/results.json)' },
        'quiet-cores': { type: 'string', placeholder: 'C', default: '0.3',
                         help: 'wait before each series until other processes use < C cores ' +
                               '(default 0.3; 0: never wait)' },
        'max-wait': { type: 'string', placeholder: 'S', default: '300',
                      help: 'seconds to wait for that at most, then measure anyway (default 300)' },
        child: { type: 'string' },
        dir: { type: 'string' },
    },
};

async function main() {
    const { values, positionals } = parseCommandLine(process.argv.slice(2), SPEC);
    if (values.child !== undefined) {
        runChild(values.child, values.dir);
        return;
    }
    scale = Number(values.scale);
    if (!(scale > 0)) {
        usageError(SPEC, `--scale needs a number > 0, got "${values.scale}"`);
    }
    quietCores = Number(values['quiet-cores']);
    maxWait = Number(values['max-wait']);
    if (!(quietCores >= 0) || !(maxWait >= 0)) {
        usageError(SPEC, '--quiet-cores and --max-wait need numbers >= 0');
    }
    for (const p of positionals) {
        if (!PARTS[p]) {
            usageError(SPEC, `unknown part "${p}"`);
        }
    }
    let parts = positionals.length > 0 ? positionals : Object.keys(PARTS);
    // The pool's empty round trip comes first (the net figures need it) and again last.
    const usesPool = parts.some((p) => !['fs-sync', 'crypto-sync', 'zlib-sync', 'clock',
                                         'cold'].includes(p));
    parts = parts.filter((p) => p !== 'pool');
    if (usesPool || positionals.includes('pool')) {
        parts = ['pool', ...parts];
    }
    results.options = { scale, parts, quietCores, maxWait };
    const started = now();
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.on(signal, () => {
            cleanUp();
            process.exit(1);
        });
    }
    await openBaseline();
    console.log(`node ${process.version} (libuv ${process.versions.uv}), ` +
                `${os.cpus().length} × ${os.cpus()[0]?.model}, ${os.release()}; ` +
                `load average before: ${loadavg()}`);
    try {
        for (const part of parts) {
            currentPart = part;
            rows = [];
            const before = cpuSnapshot();
            const loadBefore = loadavg();
            const t0 = now();
            await PARTS[part]();
            const load = otherLoad(before, cpuSnapshot());
            const seconds = (now() - t0) / 1000;
            results.parts.push({ part, seconds, loadBefore, loadAfter: loadavg(), ...load });
            console.log(`\n### ${part} (${seconds.toFixed(1)} s; other processes used ` +
                        `${load.others.toFixed(2)} cores, steal ${load.steal.toFixed(2)}; ` +
                        `load average ${loadBefore} → ${loadavg()})\n`);
            console.log('| operation | form | arguments | samples | median ms (p10–p90) | ' +
                        'requests | net ms (p10–p90) | others |');
            console.log('|---|---|---|---|---|---|---|---|');
            console.log(rows.join('\n'));
        }
        if (usesPool) {
            currentPart = 'pool';
            rows = [];
            await measureBaseline('end');
            console.log('\n### pool, again at the end\n');
            console.log(rows.join('\n'));
        }
    } finally {
        if (baseHandle !== null) {
            await baseHandle.close();
        }
        cleanUp();
    }
    fitAll();
    console.log('\n### Fits (net ms for pool operations, ms for Sync forms; weighted by 1/y²)\n');
    console.log('| operation | form | which | formula | max error | rms error |');
    console.log('|---|---|---|---|---|---|');
    for (const f of results.fits) {
        const percent = (e) => `${(e * 100).toFixed(0)} %`;
        console.log(`| ${f.op} | ${f.form} | ${f.which} | ${f.formula} | ` +
                    `${percent(f.maxRelError)} | ${percent(f.rmsRelError)} |`);
    }
    results.seconds = (now() - started) / 1000;
    const out = resolve(values.out);
    fs.writeFileSync(out, JSON.stringify(results, null, 1) + '\n');
    console.log(`\n${results.seconds.toFixed(0)} s; load average after: ${loadavg()}; ` +
                `results in ${out}`);
}

main();
