// An unhandled rejection ends the process (Node 20 default): first the ticks and promise jobs
// already queued run, then 'exit' with code 1; the timer never runs.
process.on('exit', (code) => console.log('exit listener, code', code));
setTimeout(() => console.log('never: timer'), 0);
Promise.reject(new Error('nobody catches me'));
process.nextTick(() => console.log('nextTick still runs'));
Promise.resolve().then(() => console.log('promise job still runs'));
console.log('main done');
