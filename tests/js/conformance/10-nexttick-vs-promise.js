// CommonJS main: all nextTicks (including those queued by nextTicks) run before the promise
// jobs; queueMicrotask shares the promise FIFO.
console.log('sync start');
Promise.resolve().then(() => console.log('promise 1'));
process.nextTick(() => console.log('tick 1'));
queueMicrotask(() => console.log('microtask 1'));
process.nextTick(() => {
    console.log('tick 2');
    process.nextTick(() => console.log('tick from tick 2'));
    Promise.resolve().then(() => console.log('promise from tick 2'));
});
Promise.resolve().then(() => {
    console.log('promise 2');
    process.nextTick(() => console.log('tick from promise 2'));
});
console.log('sync end');
