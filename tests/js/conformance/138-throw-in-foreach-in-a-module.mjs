// In an ES module, an exception thrown by a callback of a built-in (forEach) inside a timer is
// an uncaught exception of origin 'uncaughtException', not the module evaluation's rejection.
process.on('uncaughtException', (e, origin) => console.log(origin, e.message));
setTimeout(() => {
    [1].forEach(() => {
        throw new Error('x');
    });
}, 1);
setTimeout(() => console.log('the process goes on'), 5);
