// With an 'uncaughtException' listener, the last immediate of a batch throws: CheckImmediate
// still sees an outstanding batch and calls processImmediate again at once, which takes the
// immediates queued during the batch, in the same check phase and before the ticks and the
// microtasks the thrower queued. Found by the differential fuzzer (tests/fuzz/jsgen.mjs, 913).
process.on('uncaughtException', (err) => console.log('listener:', err.message));
setImmediate(() => {
    setImmediate(() => console.log('immediate 3, queued by immediate 1'));
    console.log('immediate 1');
});
setImmediate(() => {
    process.nextTick(() => console.log('the tick of immediate 2'));
    Promise.resolve().then(() => console.log('the microtask of immediate 2'));
    throw new Error('immediate 2');
});
