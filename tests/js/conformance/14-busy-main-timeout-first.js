// A main script that busy-waits 30 ms after setTimeout 0: the timer is due when the loop
// starts, so it runs before the immediate (without the wait the order is not fixed).
setImmediate(() => console.log('immediate'));
setTimeout(() => console.log('timeout 0'), 0);
const start = Date.now();
while (Date.now() - start < 30) {
    // busy
}
console.log('main done');
