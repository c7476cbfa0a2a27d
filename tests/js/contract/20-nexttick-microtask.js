// Contract row "The Node.js surface: process": process.nextTick(fn, ...args) and
// queueMicrotask(fn): ticks before microtasks, each queue drained in order.
queueMicrotask(() => {
    console.log('microtask 1');
    process.nextTick(() => console.log('tick queued by a microtask'));
    queueMicrotask(() => console.log('microtask queued by a microtask'));
});
process.nextTick((a, b) => {
    console.log('tick 1', a, b);
    process.nextTick(() => console.log('tick queued by a tick'));
}, 'arg', 2);
process.nextTick((...all) => console.log('tick 2', all), 1, 2, 3);
queueMicrotask(() => console.log('microtask 2'));
console.log('main');
