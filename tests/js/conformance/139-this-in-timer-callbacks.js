// A timer's callback is called as its Timeout's method and an immediate's as its Immediate's
// (lib/internal/timers.js), so `this` is the handle setTimeout returned: clearInterval(this)
// stops the interval. The interval starts in the immediate, so that the two do not race.
let n = 0;
let t;
const i = setImmediate(function () {
    console.log('immediate', this === i);
    t = setInterval(function () {
        n++;
        console.log('tick', n, this === t, typeof this.hasRef);
        if (n === 2) {
            clearInterval(this);
        }
    }, 1);
});
