// An uncaught throw in a timer ends the process with exit code 1: 'exit' listeners run, nothing
// else does (the error itself goes to stderr).
process.on('exit', (code) => {
    console.log('exit listener, code', code, 'process.exitCode', process.exitCode);
});
setTimeout(() => {
    console.log('timer throws');
    process.nextTick(() => console.log('never: tick queued before the throw'));
    setImmediate(() => console.log('never: immediate queued before the throw'));
    throw new Error('nobody catches me');
}, 10);
setTimeout(() => console.log('never: a later timer'), 50);
process.nextTick(() => console.log('main tick runs before the loop'));
