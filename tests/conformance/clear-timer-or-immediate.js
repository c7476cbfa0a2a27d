// Twin of scenarios/clear-timer-or-immediate.json: clearTimeout/clearInterval of an Immediate do
// nothing; clearImmediate of a Timeout unlinks it and miscounts the immediates; setInterval with
// `times: 0` is cleared before its first run.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario

const imm = setImmediate(() => {
    console.log('check: the immediate runs: clearTimeout(immediate) did nothing');
    setImmediate(() => console.log('never printed: clearImmediate(timer) counted this immediate away'));
    const timer = setTimeout(() => console.log('never printed: clearImmediate(timer) unlinked it'), 10);
    clearImmediate(timer);
    setTimeout(() => console.log('timers: 20 ms; neither the 10 ms timer nor the second immediate ran'), 20);
});
clearTimeout(imm);
clearInterval(imm);
const interval = setInterval(() => console.log('never printed: times 0'), 5);
clearInterval(interval);
console.log('main: done');
