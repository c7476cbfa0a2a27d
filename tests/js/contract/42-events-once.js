// Contract row "The Node.js surface: events": events.once(emitter, name), a promise of the
// arguments of the next emit, and its rejection by an 'error' emit.
const events = require('events');
const em = new events.EventEmitter();
async function main() {
    setTimeout(() => em.emit('ready', 'a', 2), 1);
    const args = await events.once(em, 'ready');
    console.log('once resolved', args);
    setTimeout(() => em.emit('error', new Error('boom')), 1);
    try {
        await events.once(em, 'never');
    } catch (e) {
        console.log('once rejected', e.message);
    }
}
main();
