// A throw out of an ES module's body, before or after a top-level await, rejects the module's
// evaluation: Node's loader hands it to 'uncaughtException' listeners with the origin
// 'unhandledRejection' (not to 'unhandledRejection' listeners), and as the evaluation is
// settled, the process exits 0, not 13. Found by the differential fuzzer (jsgen.mjs, 10).
process.on('uncaughtException', (err, origin) => {
    console.log('caught', err.message, origin);
});
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => console.log('the timer still runs'), 5);
await new Promise((resolve) => setImmediate(resolve));
console.log('after await');
throw new Error('thrown after await');
