'use strict';
// bench/cost/startup.js - how much time passes between the main script's setTimeout and the
// loop's first timers phase (run by bench/cost/run.mjs as
// `node --expose-internals --no-warnings startup.js`; prints one JSON line, times in ms).
//
// The main script is the race of scenarios/timeout-vs-immediate-in-main.json: setTimeout 0 and
// setImmediate, and no console.log before the loop starts (a first log costs milliseconds).
// Node marks the LOOP_START milestone just before uv_run (src/api/embed_helpers.cc
// SpinEventLoopInternal), whose first acts are uv__update_time and the pre-loop timers. The
// milestone is read raw (uv_hrtime nanoseconds, the clock of process.hrtime): the public
// performance.nodeTiming.loopStart is relative to another origin than performance.now()
// (0.5-0.7 ms apart in node v20.20), so the two cannot be subtracted.
//
// libuv's clock here is CLOCK_MONOTONIC in whole ms (CLOCK_MONOTONIC_COARSE has 4 ms steps on
// this machine, so libuv does not use it): the timer's start is timer._idleStart + base, where
// base = floor(hrtime ms) - getLibuvNow(), and the pre-loop timers run it iff the loop starts in
// a later millisecond.
const fs = require('fs');

const hrMs = () => Number(process.hrtime.bigint()) / 1e6;
const r = { order: [] };

r.set = hrMs();
const timer = setTimeout(() => r.order.push('timeout'), 0);
r.setDone = hrMs();
setImmediate(() => r.order.push('immediate'));
r.mainEnd = hrMs();
// The last thing of the main script's drain: a microtask queued last runs last.
Promise.resolve().then(() => {
    r.drainEnd = hrMs();
});

// floor(hrtime ms) - libuv's now, from a timer made now (bracketed: retried if a millisecond
// boundary fell inside the call).
function libuvBase() {
    for (;;) {
        const before = Math.floor(hrMs());
        const t = setTimeout(() => {}, 1000);
        const after = Math.floor(hrMs());
        clearTimeout(t);
        if (before === after) {
            return before - t._idleStart;
        }
    }
}

process.on('exit', () => {
    // Required only now: requiring it queues a (silenced) warning, work the drain would measure.
    const { internalBinding } = require('internal/test/binding');
    const perf = internalBinding('performance');
    const loop = perf.milestones[perf.constants.NODE_PERFORMANCE_MILESTONE_LOOP_START] / 1e6;
    const start = timer._idleStart + libuvBase();
    fs.writeSync(1, JSON.stringify({
        order: r.order.join(','),
        setToLoop: loop - r.set,            // from the setTimeout call to uv_run
        setCall: r.setDone - r.set,         // the (cold) setTimeout call itself
        mainEndToLoop: loop - r.mainEnd,
        drainEndToLoop: loop - r.drainEnd,
        mainToDrainEnd: r.drainEnd - r.mainEnd,
        // the timer's start read inside the call, as a fraction of its millisecond
        startToLoop: loop - start,
        crossed: Math.floor(loop) > start,
    }) + '\n');
});
