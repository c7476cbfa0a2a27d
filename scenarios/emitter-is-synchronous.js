// EventEmitter is synchronous: emit calls every listener before it returns
//
// Despite the name, `emit` is a plain loop over the listeners, in the order they were added,
// on the caller's stack: nothing is queued, so the listeners run before the line after `emit`,
// before any nextTick or promise job. A listener that wants to run later must defer itself, as
// the third one does with setImmediate.
const EventEmitter = require('events');
const door = new EventEmitter();
door.on('open', (who) => console.log('listener 1: hello', who));
door.on('open', (who) => {
    console.log('listener 2: nested emit from', who);
    door.emit('close', who);
});
door.on('open', (who) => setImmediate(() => console.log('listener 3, deferred:', who)));
door.on('close', (who) => console.log('close listener:', who));
process.nextTick(() => console.log('nextTick'));
Promise.resolve().then(() => console.log('promise job'));
console.log('before emit');
console.log('emit returned', door.emit('open', 'Ada'));

// loopsim: expect
// before emit
// listener 1: hello Ada
// listener 2: nested emit from Ada
// close listener: Ada
// emit returned true
// nextTick
// promise job
// listener 3, deferred: Ada
