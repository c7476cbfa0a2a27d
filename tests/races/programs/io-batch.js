// Twin of io-batch.json: two pipes become readable 5 and 5.2 ms after the start, each written by
// a thread of its own (two tests/conformance/outside.js worlds); the first one's callback queues
// an immediate, which runs between the two callbacks or after both.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const outside = require('../../conformance/outside');
const first = outside.start({ fifos: 1 });
const second = outside.start({ fifos: 1 });

first.io(5, () => {
    console.log('pipe 1');
    setImmediate(() => console.log('immediate'));
});
second.io(5.2, () => console.log('pipe 2'));
