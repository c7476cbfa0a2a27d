// Twin of scenarios/timer-refresh.json: refresh() at 20 ms moves a 40 ms timer to 60 ms, after a
// 50 ms timer.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario

const a = setTimeout(() => console.log('A: refreshed at 20 ms, so it fires at 60 ms, not 40'), 40);
setTimeout(() => {
    console.log('20 ms: A.refresh() restarts its 40 ms');
    a.refresh();
}, 20);
setTimeout(() => console.log('B: 50 ms'), 50);
