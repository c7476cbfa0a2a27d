// An 'uncaughtException' listener called for an unhandled rejection (origin
// 'unhandledRejection') that throws ends the process with exit code 7 at once, as a throw in
// it does for an exception: the listener is not called again for its own throw, and 'exit'
// listeners do not run. Found by the differential fuzzer (tests/fuzz/jsgen.mjs, program 10).
process.on('uncaughtException', (err, origin) => {
    console.log('listener:', err.message, origin);
    throw new Error('thrown by the listener');
});
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => console.log('never: timer'), 0);
(async () => {
    console.log('async body');
    throw new Error('rejects the async function');
})();
console.log('main done');
