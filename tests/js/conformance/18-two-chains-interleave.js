// Two independent chains advance one link per microtask round, so they interleave.
Promise.resolve()
    .then(() => console.log('a1'))
    .then(() => console.log('a2'))
    .then(() => console.log('a3'));
Promise.resolve()
    .then(() => console.log('b1'))
    .then(() => console.log('b2'))
    .then(() => console.log('b3'));
const p = Promise.resolve('shared');
p.then((v) => console.log('first then on', v));
p.then((v) => console.log('second then on', v));
