// Twin of scenarios/recursive-nexttick-vs-setimmediate.json: a chain of nextTicks holds a due
// timer back until the chain ends; a chain of immediates lets a due timer in between links.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };

setTimeout(() => console.log('timer (due at 10 ms): waited for the whole nextTick chain'), 10);
process.nextTick(() => {
    console.log('tick 1 (20 ms of work)');
    block(20);
    process.nextTick(() => {
        console.log('tick 2 (20 ms of work)');
        block(20);
        process.nextTick(() => {
            console.log('tick 3 (20 ms of work)');
            block(20);
        });
    });
});
setTimeout(() => {
    setTimeout(() => console.log('timer (due at 110 ms): runs between two links of the immediate chain'), 10);
    setImmediate(() => {
        console.log('immediate 1 (30 ms of work)');
        block(30);
        setImmediate(() => {
            console.log('immediate 2 (30 ms of work)');
            block(30);
            setImmediate(() => console.log('immediate 3'));
        });
    });
}, 100);
console.log('main done');
