// An ES module's body runs in the first poll phase: setImmediate beats setTimeout 0, and the
// ticks it queued run after its promise jobs.
setTimeout(() => console.log('timeout 0'), 0);
setImmediate(() => console.log('immediate'));
process.nextTick(() => console.log('tick'));
Promise.resolve().then(() => console.log('promise'));
console.log('module body');
