// Twin of scenarios/unref-timer-never-fires.json: an unref'd 1000 ms timer never fires; an
// unref'd 20 ms timer does, because the 50 ms timer keeps the loop alive.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario

process.on('exit', () => console.log("exit: the unref'd 1000 ms timer never fired"));
setTimeout(() => console.log("never printed: an unref'd timer does not keep node running"), 1000).unref();
const short = setTimeout(() => console.log("20 ms: an unref'd timer still fires while the loop is alive anyway"), 20);
short.unref();
setTimeout(() => console.log("50 ms: the last ref'd timer"), 50);
