// Twin of scenarios/first-log-settles-the-race.json: the nextTick's console.log, the process's
// first, takes milliseconds before the loop starts, so the 1 ms timeout is due at the pre-loop
// timers and runs before the immediate. (No `process.stdout;` up front: that cost is the point.)
'use strict';
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
process.nextTick(() => console.log('nextTick'));
