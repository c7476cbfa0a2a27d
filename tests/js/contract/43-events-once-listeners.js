// Contract row "The Node.js surface: events": events.once(emitter, name) removes both of its
// listeners (the event's and the 'error' one) when it resolves and when it rejects.
const events = require('events');
const em = new events.EventEmitter();
async function main() {
    setTimeout(() => em.emit('ready', 'a'), 1);
    await events.once(em, 'ready');
    console.log('after resolve', em.listenerCount('ready'), em.listenerCount('error'));
    setTimeout(() => em.emit('error', new Error('boom')), 1);
    await events.once(em, 'never').catch((e) => console.log('rejected', e.message));
    console.log('after reject', em.listenerCount('never'), em.listenerCount('error'));
}
main();
