// A then-chain passes values down, and two chains take turns
//
// Each `then` returns a new promise, settled with what its handler returns (`undefined` when
// it returns nothing). A throw skips the handlers down to the next `catch`, whose return value
// puts the chain back on its feet. Each link is one promise job, so two chains started together
// interleave: one link of each per round of the microtask queue.
Promise.resolve(1)
    .then((v) => {
        console.log('A got', v);
        return v * 10;
    })
    .then((v) => console.log('A got', v))
    .then((v) => {
        console.log('A got', v);
        throw new Error('broken');
    })
    .then(() => console.log('never: skipped by the throw'))
    .catch((e) => {
        console.log('A caught', e.message);
        return 'recovered';
    })
    .then((v) => console.log('A got', v));
Promise.resolve('b')
    .then((v) => console.log('B got', v))
    .then(() => console.log('B link 2'))
    .then(() => console.log('B link 3'));

// loopsim: expect
// A got 1
// B got b
// A got 10
// B link 2
// A got undefined
// B link 3
// A caught broken
// A got recovered
