// An unhandled rejection whose reason is not an Error reaches 'uncaughtException' listeners as
// an UnhandledPromiseRejection error whose message quotes the reason as String() makes it
// (a string without quotes), an array as "[object Array]", an object as "#<Object>".
// Found by the differential fuzzer (tests/fuzz/jsgen.mjs, program 181).
process.on('uncaughtException', (err, origin) => {
    const quoted = err.message.split('The promise rejected with the reason ')[1];
    console.log(err.name, quoted, origin);
});
Promise.reject('a string');
Promise.reject(42);
Promise.reject([1, 'two']);
Promise.reject({ k: 1 });
Promise.reject(null);
