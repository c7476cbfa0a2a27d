// emit('error') with no 'error' listener throws the error at the emit; with a listener it is an
// ordinary event.
const EventEmitter = require('events');
const ee = new EventEmitter();
try {
    ee.emit('error', new Error('no listener'));
    console.log('never');
} catch (e) {
    console.log('emit threw:', e.message);
}
ee.on('error', (err) => console.log('error listener got:', err.message));
console.log('emit returned', ee.emit('error', new TypeError('handled')));
const other = new EventEmitter();
try {
    other.emit('error', 'just a string');
} catch (e) {
    console.log('non-Error:', e.name, e.message);
}
