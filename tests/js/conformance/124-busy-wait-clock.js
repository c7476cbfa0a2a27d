// Busy waits on Date.now() and performance.now() take the time they wait for; the timers that
// came due meanwhile run afterwards, by expiry.
const t0 = Date.now();
setTimeout(() => console.log('timer 5 (due during the first wait)'), 5);
const end = Date.now() + 40;
while (Date.now() < end);
console.log('waited 40 ms on Date.now():', Date.now() - t0 >= 40);
setTimeout(() => console.log('timer 1 created after the wait'), 1);
const p0 = performance.now();
while (performance.now() - p0 < 20) {
    // spin
}
console.log('waited 20 ms on performance.now():', performance.now() - p0 >= 20);
