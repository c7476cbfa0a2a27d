// A throw in an immediate with an 'uncaughtException' listener: the next immediate of the batch
// runs before the ticks the thrower queued.
process.on('uncaughtException', (err) => console.log('handler:', err.message));
setImmediate(() => {
    console.log('immediate 1 throws');
    process.nextTick(() => console.log('tick from immediate 1'));
    throw new Error('I1');
});
setImmediate(() => {
    console.log('immediate 2');
    process.nextTick(() => console.log('tick from immediate 2'));
});
setImmediate(() => console.log('immediate 3'));
