// Twin of scenarios/timeout-vs-immediate-in-io.json: inside an fs callback (poll) and inside a
// timer callback, setImmediate always runs before setTimeout 0.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const fs = require('fs');

fs.stat(__filename, () => {
    setTimeout(() => console.log('timeout queued by the fs.stat callback'), 0);
    setImmediate(() => console.log('immediate queued by the fs.stat callback'));
});
setTimeout(() => {
    setTimeout(() => console.log('timeout queued by a timer callback'), 0);
    setImmediate(() => console.log('immediate queued by a timer callback'));
}, 100);
