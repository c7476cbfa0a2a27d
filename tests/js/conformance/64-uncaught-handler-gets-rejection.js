// With only an 'uncaughtException' listener, an unhandled rejection reaches it with origin
// 'unhandledRejection' and the process goes on.
process.on('uncaughtException', (err, origin) => console.log(origin + ':', err.message));
setTimeout(() => {
    Promise.reject(new Error('from a timer'));
    console.log('timer done');
}, 5);
setTimeout(() => console.log('next timer'), 30);
process.on('exit', (code) => console.log('exit', code));
