// off/removeListener take a listener away for the next emit; a listener removed or added during
// an emit does not change that emit.
const EventEmitter = require('events');
const ee = new EventEmitter();
function second() {
    console.log('second');
}
function third() {
    console.log('third (added during emit 1)');
}
ee.on('e', function first() {
    console.log('first: removes second, adds third');
    ee.off('e', second);
    ee.on('e', third);
});
ee.on('e', second);
console.log('-- emit 1');
ee.emit('e');
console.log('-- emit 2');
ee.emit('e');
ee.removeListener('e', third);
console.log('-- emit 3, count', ee.listenerCount('e'));
ee.emit('e');
