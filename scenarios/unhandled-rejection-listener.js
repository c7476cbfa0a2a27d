// 'unhandledRejection' handled: the process goes on
//
// With a listener for 'unhandledRejection', a rejection nobody handled is handed to it (the
// reason and the promise) once the microtask queue has drained, and the process lives on: the
// timer fires and the exit code stays 0. A catch attached within the same drain is in time and
// is not reported; one attached later, from the timer, is reported as 'rejectionHandled'.
process.on('unhandledRejection', (reason) => console.log('unhandledRejection:', reason.message));
process.on('rejectionHandled', () => console.log('rejectionHandled: caught after all'));
process.on('exit', (code) => console.log('exit code', code));
const early = Promise.reject(new Error('caught in time'));
const late = Promise.reject(new Error('caught too late'));
Promise.resolve().then(() => early.catch((e) => console.log('caught:', e.message)));
setTimeout(() => {
    console.log('timer still runs');
    late.catch((e) => console.log('caught:', e.message));
}, 10);

// loopsim: expect
// caught: caught in time
// unhandledRejection: caught too late
// timer still runs
// caught: caught too late
// rejectionHandled: caught after all
// exit code 0
