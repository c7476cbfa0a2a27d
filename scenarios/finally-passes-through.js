// finally: runs either way, sees nothing, passes the outcome on
//
// A `finally` handler gets no argument, and what it returns is ignored: the value or the
// rejection before it goes on to the next handler. Only a throw in it replaces the outcome, and
// that is also the quickest path: passing the old outcome on goes through a promise, which
// costs two more ticks.
Promise.resolve('kept')
    .finally((...args) => console.log('finally 1 got', args.length, 'arguments'))
    .then((v) => console.log('after finally 1:', v));
Promise.reject(new Error('original'))
    .finally(() => 'ignored')
    .catch((e) => console.log('after finally 2:', e.message));
Promise.resolve('lost')
    .finally(() => {
        throw new Error('thrown in finally');
    })
    .then((v) => console.log('never:', v), (e) => console.log('after finally 3:', e.message));

// loopsim: expect
// finally 1 got 0 arguments
// after finally 3: thrown in finally
// after finally 1: kept
// after finally 2: original
