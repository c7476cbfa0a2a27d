// A listener that is an async function is not awaited: emit goes on to the next listener when
// it reaches its first await.
const EventEmitter = require('events');
const ee = new EventEmitter();
ee.on('job', async (name) => {
    console.log('async listener starts', name);
    await null;
    console.log('async listener resumes', name);
});
ee.on('job', (name) => console.log('plain listener', name));
ee.emit('job', 'A');
console.log('after emit');
