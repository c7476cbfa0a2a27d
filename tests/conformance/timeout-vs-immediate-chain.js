// Twin of scenarios/timeout-vs-immediate-chain.json: only the first immediate races the 1 ms
// timeout; its console.log (the process's first, milliseconds) makes the timer due by the end
// of the iteration, before the second immediate.
'use strict';
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => {
    console.log('immediate 1');
    setImmediate(() => {
        console.log('immediate 2');
        setImmediate(() => console.log('immediate 3'));
    });
});
