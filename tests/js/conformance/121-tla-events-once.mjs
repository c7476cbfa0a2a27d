// Top-level await of events.once: the module resumes after the emitting timer's callback, with
// the emitted values.
import { EventEmitter, once } from 'events';
const ee = new EventEmitter();
setTimeout(() => {
    console.log('timer: emit data');
    ee.emit('data', 'payload', 2);
    process.nextTick(() => console.log('tick from the timer'));
    console.log('timer: emit returned');
}, 10);
const [value, n] = await once(ee, 'data');
console.log('resumed with', value, n);
