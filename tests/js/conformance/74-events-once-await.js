// await events.once(emitter, name) resumes with the array of the emit's arguments, after the
// emit's own callback has finished; an 'error' emitted first rejects it.
const { EventEmitter, once } = require('events');
const ee = new EventEmitter();
async function wait() {
    console.log('waiting for ready');
    const args = await once(ee, 'ready');
    console.log('ready with', args);
    try {
        await once(ee, 'never');
    } catch (e) {
        console.log('once rejected:', e.message);
    }
}
wait();
setTimeout(() => {
    console.log('timer emits ready');
    ee.emit('ready', 1, 'two');
    console.log('emit returned');
}, 10);
setTimeout(() => ee.emit('error', new Error('broken')), 30);
