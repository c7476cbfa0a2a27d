// Twin of io-two-pipes.json: two pipes become readable 5 and 5.2 ms after the start, each
// written by a thread of its own (two tests/conformance/outside.js worlds: two independent
// peers); which callback runs first is a race.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const outside = require('../../conformance/outside');
const first = outside.start({ fifos: 1 });
const second = outside.start({ fifos: 1 });

first.io(5, () => console.log('pipe 1'));
second.io(5.2, () => console.log('pipe 2'));
