// An unhandled rejection
//
// Node 20 checks for rejected promises without a handler once the nextTick and microtask
// queues are empty. With no 'unhandledRejection' listener, the rejection is thrown as an
// uncaught exception: the 'exit' listeners run with code 1 and the process ends, so the
// timer never fires. What was already queued as a tick or a microtask still runs.
// loopsim: level 3
// loopsim: prompt Which lines print, and in what order? With what exit code does it end?
// loopsim: hint When does Node look for rejections that nobody handled?
// loopsim: hint Does the event loop ever get to the timers phase?
process.on('exit', (code) => console.log('exit code', code));
setTimeout(() => console.log('timeout'), 0);
Promise.reject(new Error('nobody catches me'));
Promise.resolve()
    .then(() => console.log('promise 1'))
    .then(() => console.log('promise 2'));
process.nextTick(() => console.log('tick'));
console.log('main done');
