// Contract row "The Node.js surface: events": EventEmitter's on, addListener, once,
// prependListener, off, removeListener, emit and listenerCount.
const EventEmitter = require('events');
const em = new EventEmitter();
function second(v) {
    console.log('addListener', v);
}
function dropped() {
    console.log('never: removed');
}
em.on('e', (v) => console.log('on', v));
em.addListener('e', second);
em.once('e', (v) => console.log('once', v));
em.prependListener('e', (v) => console.log('prepended', v));
em.on('e', dropped);
em.on('other', dropped);
em.off('e', dropped);
em.removeListener('other', dropped);
console.log('listenerCount', em.listenerCount('e'), em.listenerCount('other'));
console.log('emit returns', em.emit('e', 1));
console.log('emit returns', em.emit('e', 2), em.listenerCount('e'));
console.log('emit with no listener', em.emit('other'));
em.on('args', (a, b, c) => console.log('arguments', a, b, c));
em.emit('args', 'x', 2, [3]);
em.on('nested', () => {
    console.log('nested start');
    em.emit('inner');
    console.log('nested end');
});
em.on('inner', () => console.log('inner runs inside the emit'));
em.emit('nested');
