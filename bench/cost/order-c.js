'use strict';
// bench/cost/order-c.js - issue 6 §3 (c): setTimeout 0, setImmediate, and a nextTick that logs
// in the main module (scenarios/first-log-settles-the-race.json).
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
process.nextTick(() => console.log('nextTick'));
