// A throw skips the then handlers up to the next catch; the catch's return value recovers the
// chain; a catch on a fulfilled chain is skipped.
Promise.resolve(1)
    .then((v) => {
        console.log('step 1 got', v);
        throw new TypeError('bad step');
    })
    .then(() => console.log('never: skipped'))
    .catch((e) => {
        console.log('caught', e.name, e.message);
        return 'recovered';
    })
    .catch(() => console.log('never: nothing to catch'))
    .then((v) => console.log('then after catch got', v));
