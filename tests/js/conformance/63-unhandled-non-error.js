// Non-Error rejection reasons reach 'unhandledRejection' as they are; a listener's nextTick runs
// before the next callback.
process.on('unhandledRejection', (reason) => {
    console.log('unhandled:', reason);
    process.nextTick(() => console.log('tick from listener for', reason));
});
Promise.reject(42);
Promise.reject('text');
Promise.reject({ code: 7 });
setTimeout(() => console.log('timer'), 5);
