// A catch attached in a nextTick or a few jobs later is in time: no unhandled rejection; one
// attached in a timer would be too late.
const a = Promise.reject(new Error('a'));
process.nextTick(() => a.catch((e) => console.log('caught in nextTick:', e.message)));
const b = Promise.reject(new Error('b'));
Promise.resolve()
    .then(() => 1)
    .then(() => b.catch((e) => console.log('caught two jobs later:', e.message)));
process.on('exit', (code) => console.log('exit', code));
