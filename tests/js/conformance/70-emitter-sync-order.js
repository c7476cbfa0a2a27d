// emit is synchronous: the listeners run in registration order, with the arguments, before emit
// returns; emit returns whether there was a listener.
const EventEmitter = require('events');
const ee = new EventEmitter();
ee.on('greet', (who, n) => console.log('listener 1:', who, n));
ee.addListener('greet', (who) => console.log('listener 2:', who));
console.log('before emit');
const had = ee.emit('greet', 'world', 1);
console.log('emit returned', had);
console.log('emit of an unknown event returned', ee.emit('nobody'));
Promise.resolve().then(() => console.log('promise (after all the sync emits)'));
setTimeout(() => ee.emit('greet', 'from a timer', 2), 5);
console.log('listenerCount', ee.listenerCount('greet'));
