'use strict';
// bench/cost/order-a.js - issue 6 §3 (a): setTimeout 0 against a chain of three immediates in
// the main module (scenarios/timeout-vs-immediate-chain.json).
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => {
    console.log('immediate 1');
    setImmediate(() => {
        console.log('immediate 2');
        setImmediate(() => console.log('immediate 3'));
    });
});
