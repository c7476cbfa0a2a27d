// Promise jobs and nextTicks queued in 'beforeExit' run, but they do not revive the loop by
// themselves: 'beforeExit' is emitted again only if they queued a timer or an immediate.
let n = 0;
process.on('beforeExit', () => {
    n++;
    console.log('beforeExit', n);
    Promise.resolve().then(() => {
        console.log('promise from beforeExit', n);
        if (n === 1) {
            setImmediate(() => console.log('immediate queued by that promise'));
        }
    });
    process.nextTick(() => console.log('tick from beforeExit', n));
});
process.on('exit', () => console.log('exit after', n));
