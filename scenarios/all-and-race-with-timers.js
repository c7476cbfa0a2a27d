// Promise.all and Promise.race with timers
//
// `Promise.all` waits for the slowest input and keeps the input order in its array, unless an
// input rejects: then it rejects at once. `Promise.race` settles with the first input to
// settle. Neither cancels anything: the losers' timers still fire. (The timers are made in the
// order of their delays, so that a slow machine cannot swap two of them.)
function delay(ms, value) {
    return new Promise((resolve) => setTimeout(() => {
        console.log(`timer ${ms} ms`);
        resolve(value);
    }, ms));
}
const hare = delay(10, 'hare');
const failing = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('failed at 25 ms')), 25);
});
const fast = delay(50, 'fast');
const tortoise = delay(70, 'tortoise');
const slow = delay(90, 'slow');
const unused = delay(110, 'unused');
Promise.all([slow, fast]).then((v) => console.log('all:', v));
Promise.race([tortoise, hare]).then((v) => console.log('race:', v));
Promise.all([unused, failing]).catch((e) => console.log('all:', e.message));

// loopsim: expect
// timer 10 ms
// race: hare
// all: failed at 25 ms
// timer 50 ms
// timer 70 ms
// timer 90 ms
// all: [ 'slow', 'fast' ]
// timer 110 ms
