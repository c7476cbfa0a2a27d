// Contract row "The Node.js surface: time": Date.now() and performance.now(); a busy wait on
// them blocks the loop, so a timer due during the wait runs after it.
const p0 = performance.now();
console.log(typeof Date.now(), typeof p0);
setTimeout(() => console.log('timer due at 10 ms, run after the waits'), 10);
while (performance.now() - p0 < 50) {}
const end = Date.now() + 30;
while (Date.now() < end);
console.log('waited 79 ms or more', performance.now() - p0 >= 79, Date.now() >= end);
