'use strict';
// bench/cost/callback.js MODE N - what an empty callback costs (run by bench/cost/run.mjs;
// prints one JSON line with the gaps between consecutive callbacks, in microseconds).
//
//   immediate-chain  each immediate queues the next: one loop iteration per callback (poll
//                    with timeout 0, check, close, timers), as in a loop that never sleeps
//   immediate-batch  N immediates queued by the main script: N callbacks in one check phase
//   timer-batch      N setTimeout(f, 1) from the main script: N callbacks in one timers pass
//   tick-batch       N process.nextTick(f) from the main script: one drain
//
// The callbacks only read the clock. `first` is the mean gap over the first 10 callbacks (cold
// code, as in the small programs loopsim simulates), `steady` the median gap over the rest.
const fs = require('fs');

const [mode, nText] = process.argv.slice(2);
const n = Number(nText || 1000);
const stamps = new Float64Array(n);
let count = 0;

function report() {
    const gaps = [];
    for (let i = 1; i < n; i++) {
        gaps.push((stamps[i] - stamps[i - 1]) * 1000);
    }
    const first = gaps.slice(0, 10);
    const rest = gaps.slice(10).sort((a, b) => a - b);
    fs.writeSync(1, JSON.stringify({
        mode,
        n,
        first: first.reduce((s, g) => s + g, 0) / first.length,
        steady: rest.length > 0 ? rest[rest.length >> 1] : null,
        meanAll: (stamps[n - 1] - stamps[0]) * 1000 / (n - 1),
    }) + '\n');
}

function stamp() {
    stamps[count++] = performance.now();
    if (count === n) {
        report();
    }
}

function chain() {
    stamp();
    if (count < n) {
        setImmediate(chain);
    }
}

switch (mode) {
case 'immediate-chain':
    setImmediate(chain);
    break;
case 'immediate-batch':
    for (let i = 0; i < n; i++) {
        setImmediate(stamp);
    }
    break;
case 'timer-batch':
    for (let i = 0; i < n; i++) {
        setTimeout(stamp, 1);
    }
    break;
case 'tick-batch':
    for (let i = 0; i < n; i++) {
        process.nextTick(stamp);
    }
    break;
default:
    throw new Error(`unknown mode ${mode}`);
}
