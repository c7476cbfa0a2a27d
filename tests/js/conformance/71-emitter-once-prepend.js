// once listeners are removed before they run; prependListener puts a listener first.
const { EventEmitter } = require('events');
const ee = new EventEmitter();
ee.on('x', () => console.log('on'));
ee.once('x', (v) => {
    console.log('once got', v, '- listeners left:', ee.listenerCount('x'));
});
ee.prependListener('x', () => console.log('prepended'));
ee.prependListener('x', () => console.log('prepended last, so first'));
console.log('count before', ee.listenerCount('x'));
ee.emit('x', 1);
console.log('count after first emit', ee.listenerCount('x'));
ee.emit('x', 2);
