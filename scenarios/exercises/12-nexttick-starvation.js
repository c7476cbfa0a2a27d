// A recursive nextTick and the event loop
//
// The nextTick queue is drained completely before Node moves on, including ticks queued
// while it drains. A nextTick that queues another one keeps everything else waiting, promise
// callbacks and the event loop alike, until it stops. `setImmediate` gives the loop a turn.
// loopsim: level 3
// loopsim: prompt In what order do the four lines print?
// loopsim: hint When does Node stop draining the nextTick queue?
// loopsim: hint Here the recursion stops after 1000 ticks: what has been waiting meanwhile?
function spin(n) {
    if (n < 1000) {
        process.nextTick(spin, n + 1);
    } else {
        console.log('ticks: 1000 done');
    }
}
setImmediate(() => console.log('immediate'));
Promise.resolve().then(() => console.log('promise'));
process.nextTick(spin, 1);
console.log('main done');
