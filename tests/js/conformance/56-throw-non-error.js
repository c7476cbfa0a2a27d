// Anything can be thrown; an uncaught 42 reaches the handler as is.
process.on('uncaughtException', (err, origin) => {
    console.log('handler got', typeof err, err, 'origin', origin);
});
setTimeout(() => {
    throw 42;
}, 5);
setTimeout(() => {
    try {
        throw { code: 'E_OBJ', detail: [1, 2] };
    } catch (e) {
        console.log('caught object', e);
    }
    throw 'a string';
}, 20);
