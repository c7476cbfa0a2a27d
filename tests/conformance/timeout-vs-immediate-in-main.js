// Twin of scenarios/timeout-vs-immediate-in-main.json: in a CommonJS main module the order of
// setTimeout 0 and setImmediate is a race (either order is allowed).
'use strict';
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
