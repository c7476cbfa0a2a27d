// Twin of scenarios/set-interval-times.json: a 30 ms interval cleared after 3 runs fires at 30,
// 60, 90 ms; a 75 ms timeout lands between the second and third run.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario

let runs = 0;
const interval = setInterval(() => {
    console.log('interval fired');
    if (++runs === 3) {
        clearInterval(interval);
    }
}, 30);
setTimeout(() => console.log('75 ms timeout: between the second and third firing'), 75);
