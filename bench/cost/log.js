'use strict';
// bench/cost/log.js N - what console.log costs, the first one in the process and the next N
// (run by bench/cost/run.mjs with stdout a pipe, a file or /dev/null; the figures go to
// stderr as one JSON line, in microseconds, written with fs.writeSync so no stream is made).
//
// The first console.log creates process.stdout (lib/internal/bootstrap/switches/
// is_main_thread.js getStdout: tty_wrap.guessHandleType, then net.Socket for a pipe or a
// SyncWriteStream for a file) and the console's own state: that is its extra cost.
const fs = require('fs');

const n = Number(process.argv[2] || 200);
const line = 'a line of about the length a test prints';
const t0 = performance.now();
console.log(line);
const t1 = performance.now();
const gaps = [];
for (let i = 0; i < n; i++) {
    const a = performance.now();
    console.log(line);
    gaps.push((performance.now() - a) * 1000);
}
const next = gaps.slice(0, 10);
const rest = gaps.slice(10).sort((x, y) => x - y);
fs.writeSync(2, JSON.stringify({
    first: (t1 - t0) * 1000,
    next10: next.reduce((s, g) => s + g, 0) / next.length,
    steady: rest[rest.length >> 1],
}) + '\n');
