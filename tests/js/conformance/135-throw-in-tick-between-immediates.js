// With an 'uncaughtException' listener, a nextTick that throws inside runNextTicks() between
// two immediates leaves processImmediate: the next immediate runs before the ticks and the
// microtasks still queued. At the close of a callback scope (after an I/O callback) the drain
// goes on at once instead. Found by the differential fuzzer (tests/fuzz/jsgen.mjs, 720).
// (After the main script or 'beforeExit' the queued ticks wait too, for the next callback of
// any kind, stdout's own write callbacks included: an order Node does not fix; and after a
// timer that throws, the next due timer runs first, but in 1 run of 30 not.)
const fs = require('fs');
process.on('uncaughtException', (err) => console.log('listener:', err.message));
setImmediate(() => {
    console.log('immediate 1');
    process.nextTick(() => { throw new Error('a tick of immediate 1'); });
    process.nextTick(() => console.log('immediate 1: the second tick'));
    Promise.resolve().then(() => console.log('immediate 1: the microtask'));
    setImmediate(() => {
        fs.stat(__filename, () => { // loopsim: 1ms
            process.nextTick(() => { throw new Error('a tick of the stat callback'); });
            process.nextTick(() => console.log('stat: the second tick'));
            setImmediate(() => console.log('stat: the immediate'));
        });
    });
});
setImmediate(() => console.log('immediate 2'));
