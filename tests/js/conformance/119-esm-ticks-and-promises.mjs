// In an ES module body promise jobs come first; the ticks queued by the body, by promise jobs and
// by ticks then run in the order they were queued.
console.log('sync start');
process.nextTick(() => {
    console.log('t1');
    process.nextTick(() => console.log('tick queued by t1'));
    Promise.resolve().then(() => console.log('promise queued by t1'));
});
Promise.resolve().then(() => {
    console.log('p1');
    process.nextTick(() => console.log('tick queued by p1'));
});
Promise.resolve().then(() => console.log('p2'));
queueMicrotask(() => console.log('qm'));
console.log('sync end');
