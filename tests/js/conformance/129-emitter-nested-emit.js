// An emit inside a listener runs the inner event's listeners at once, before the outer emit's
// remaining listeners; a once listener that emits its own event does not run twice.
const EventEmitter = require('events');
const ee = new EventEmitter();
ee.on('outer', () => {
    console.log('outer listener 1: emits inner');
    ee.emit('inner', 'from outer');
    console.log('outer listener 1: back');
});
ee.on('outer', () => console.log('outer listener 2'));
ee.on('inner', (from) => console.log('inner listener:', from));
ee.once('again', (n) => {
    console.log('once listener, round', n);
    ee.emit('again', n + 1);
});
ee.emit('outer');
ee.emit('again', 1);
console.log('again listeners left:', ee.listenerCount('again'));
