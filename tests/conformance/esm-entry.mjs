// Twin of scenarios/esm-entry.json: an ES module is evaluated inside a promise job in the first
// poll phase, so its promise reactions run before its nextTicks and setImmediate beats
// setTimeout 0.
console.log('sync start');
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
process.nextTick(() => console.log('tick 1'));
Promise.resolve().then(() => {
    console.log('promise 1');
    process.nextTick(() => console.log('tick from promise 1'));
});
queueMicrotask(() => console.log('queueMicrotask 1'));
console.log('sync end');
