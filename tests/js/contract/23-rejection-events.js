// Contract row "The Node.js surface: process": 'unhandledRejection' takes a rejection nobody
// handles, and 'rejectionHandled' says when a handler comes later.
process.on('unhandledRejection', (reason, promise) => {
    console.log('unhandledRejection', reason.message, promise instanceof Promise);
    setTimeout(() => {
        promise.catch((e) => console.log('caught late', e.message));
    }, 10);
});
process.on('rejectionHandled', (promise) => {
    console.log('rejectionHandled', promise instanceof Promise);
});
Promise.reject(new Error('nobody waits'));
console.log('main');
