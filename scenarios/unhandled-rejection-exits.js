// An unhandled rejection ends the process with exit code 1
//
// Node 20 looks for rejections nobody handled once the microtask queue has drained. With no
// 'unhandledRejection' listener it throws the reason as an uncaught exception: node prints the
// error and its stack on stderr, the 'exit' listeners run with code 1, and the pending timer
// never fires. The ticks and jobs already queued still run first.
process.on('exit', (code) => console.log('exit listener: code', code));
async function check(n) {
    if (n > 1) {
        throw new Error(`too big: ${n}`);
    }
    return n;
}
setTimeout(() => console.log('never: the timer'), 0);
check(1).then((n) => console.log('checked', n));
check(2); // nobody handles this rejection
process.nextTick(() => console.log('nextTick still runs'));
console.log('main done');

// loopsim: expect
// main done
// nextTick still runs
// checked 1
// exit listener: code 1
