// An 'error' event with no listener, emitted in a timer: an uncaught exception, exit code 1.
const EventEmitter = require('events');
const ee = new EventEmitter();
ee.on('data', (d) => console.log('data', d));
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => {
    ee.emit('data', 1);
    ee.emit('error', new Error('unhandled error event'));
    console.log('never: after the emit');
}, 5);
setTimeout(() => console.log('never: later timer'), 30);
