// events.once(emitter, name) waits with two listeners, one for the event and one for 'error':
// whichever comes first takes the other off. After the event, an 'error' emit throws again;
// after an 'error', the event has no listener left. Found by the differential fuzzer
// (tests/fuzz/jsgen.mjs, program 20866).
const EventEmitter = require('events');
const em = new EventEmitter();
EventEmitter.once(em, 'ev').then(([x]) => console.log('once resolved with', x));
console.log('waiting:', em.listenerCount('ev'), em.listenerCount('error'));
em.emit('ev', 1);
console.log('after the event:', em.listenerCount('ev'), em.listenerCount('error'));
try {
    em.emit('error', new Error('boom'));
} catch (err) {
    console.log('emit threw', err.message);
}
const em2 = new EventEmitter();
EventEmitter.once(em2, 'ev').catch((err) => console.log('once rejected with', err.message));
em2.emit('error', new Error('e2'));
console.log('after the error:', em2.listenerCount('ev'), em2.listenerCount('error'));
