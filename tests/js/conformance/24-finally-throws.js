// A throw in finally replaces the outcome; a value it returns is ignored; a promise it returns
// is waited for.
Promise.resolve('original')
    .finally(() => {
        throw new Error('from finally');
    })
    .then((v) => console.log('never', v), (e) => console.log('rejected:', e.message));
Promise.resolve('original')
    .finally(() => 'ignored')
    .then((v) => console.log('value kept:', v));
Promise.reject(new Error('first'))
    .finally(() => Promise.reject(new Error('second')))
    .catch((e) => console.log('replaced by:', e.message));
Promise.resolve('slow')
    .finally(() => new Promise((resolve) => setTimeout(() => {
        console.log('timer inside finally');
        resolve('ignored too');
    }, 20)))
    .then((v) => console.log('after the wait:', v));
