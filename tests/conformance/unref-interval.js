// Twin of scenarios/unref-interval.json: an unref'd 100 ms interval fires at 100 and 200 ms while a
// 250 ms timer keeps the loop alive, then the process exits.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario

setInterval(() => console.log("unref'd interval fired"), 100).unref();
setTimeout(() => console.log("250 ms: the last ref'd timer; the interval will not fire again"), 250);
