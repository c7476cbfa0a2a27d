// A handler attached after the rejection was reported: 'unhandledRejection' first, then, when
// the late catch attaches, 'rejectionHandled'.
process.on('unhandledRejection', (reason) => console.log('unhandledRejection:', reason.message));
process.on('rejectionHandled', (p) => console.log('rejectionHandled', typeof p.then));
const p = Promise.reject(new Error('late'));
setTimeout(() => {
    console.log('timer: attaching catch');
    p.catch((e) => console.log('late catch ran:', e.message));
    console.log('timer: end');
}, 10);
setTimeout(() => console.log('second timer'), 40);
