// With an 'unhandledRejection' listener the process goes on; each rejection is reported once, in
// the order they happened, after the microtasks have drained.
process.on('unhandledRejection', (reason, promise) => {
    console.log('unhandledRejection:', reason.message, typeof promise.then);
});
Promise.reject(new Error('first'));
Promise.resolve().then(() => {
    console.log('promise job');
    return Promise.reject(new Error('second'));
});
setTimeout(() => console.log('timer still runs'), 10);
process.on('exit', (code) => console.log('exit', code));
