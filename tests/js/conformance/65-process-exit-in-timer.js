// process.exit(n) stops at once: only 'exit' listeners run, a nextTick they queue is dropped,
// and the exit code is n.
process.on('exit', (code) => {
    console.log('exit listener, code', code);
    process.nextTick(() => console.log('never: tick from the exit listener'));
});
process.on('beforeExit', () => console.log('never: beforeExit'));
setTimeout(() => {
    console.log('timer calls process.exit(3)');
    Promise.resolve().then(() => console.log('never: promise'));
    setImmediate(() => console.log('never: immediate'));
    process.exit(3);
    // eslint-disable-next-line no-unreachable
    console.log('never: after exit');
}, 10);
setTimeout(() => console.log('never: later timer'), 40);
