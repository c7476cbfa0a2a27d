// Microtasks queued by microtasks run in the same drain, before a nextTick a microtask queued.
Promise.resolve().then(() => {
    console.log('m1');
    process.nextTick(() => console.log('tick queued by m1'));
    queueMicrotask(() => {
        console.log('m3 (queued by m1)');
        queueMicrotask(() => console.log('m5 (queued by m3)'));
    });
});
queueMicrotask(() => {
    console.log('m2');
    Promise.resolve().then(() => console.log('m4 (queued by m2)'));
});
setTimeout(() => console.log('timeout'), 1);
