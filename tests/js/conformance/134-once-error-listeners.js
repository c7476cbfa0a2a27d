// process.once for 'uncaughtException' and 'unhandledRejection': each listener runs for one
// error and is gone. Rejections are taken one at a time: r1 uses the 'unhandledRejection'
// listener, r2 then goes to the 'uncaughtException' one, and r3, with no listener left, ends
// the process (exit 1) at once, before the tick r2's listener queued.
// Found by the differential fuzzer (tests/fuzz/jsgen.mjs, programs 10 and 243).
process.once('uncaughtException', (err, origin) => {
    console.log('uncaught', err.message, origin);
    process.nextTick(() => console.log('never: the listener\'s tick'));
});
process.once('unhandledRejection', (reason) => console.log('unhandled', reason.message));
process.on('exit', (code) => console.log('exit', code));
Promise.reject(new Error('r1'));
Promise.reject(new Error('r2'));
Promise.reject(new Error('r3'));
process.nextTick(() => console.log('tick'));
setTimeout(() => console.log('never: timer'), 0);
