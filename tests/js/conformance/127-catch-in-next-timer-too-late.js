// A rejection in a timer is judged right after that timer, so a catch attached by the next timer
// is late even with the same delay: 'unhandledRejection', then 'rejectionHandled'.
process.on('unhandledRejection', (r) => console.log('unhandledRejection:', r.message));
process.on('rejectionHandled', () => console.log('rejectionHandled'));
let p;
setTimeout(() => {
    p = Promise.reject(new Error('from timer 1'));
    console.log('timer 1 rejects');
}, 10);
setTimeout(() => {
    console.log('timer 2 attaches catch');
    p.catch((e) => console.log('caught:', e.message));
}, 10);
