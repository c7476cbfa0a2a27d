'use strict';
// bench/cost/order-race.js - the plain race (scenarios/timeout-vs-immediate-in-main.json): no
// console.log before the loop starts.
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
