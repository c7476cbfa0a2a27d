// A throw in a nextTick with a handler: the remaining ticks and every queued microtask wait
// until the next callback boundary (here the start of the check phase).
process.on('uncaughtException', (err) => console.log('handler:', err.message));
process.nextTick(() => {
    console.log('tick 1 throws');
    throw new Error('T1');
});
process.nextTick(() => console.log('tick 2'));
Promise.resolve().then(() => console.log('promise queued by main'));
setImmediate(() => {
    console.log('immediate');
    setTimeout(() => console.log('timer from the immediate'), 0);
});
console.log('main done');
