// A queueMicrotask callback that throws, with a handler: the handler runs and the microtask
// drain goes on with the next job; a throwing promise handler only rejects its promise.
process.on('uncaughtException', (err) => console.log('handler:', err.message));
queueMicrotask(() => {
    console.log('microtask 1 throws');
    throw new Error('M1');
});
queueMicrotask(() => console.log('microtask 2 still runs'));
Promise.resolve()
    .then(() => {
        throw new Error('in a then');
    })
    .catch((e) => console.log('caught:', e.message));
process.nextTick(() => console.log('tick queued by main'));
