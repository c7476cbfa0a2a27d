// Promise.all keeps the input order, takes plain values, and its then runs in round 2;
// Promise.all([]) is fulfilled at once, so its then runs in round 1.
Promise.resolve()
    .then(() => console.log('round 1'))
    .then(() => console.log('round 2'))
    .then(() => console.log('round 3'));
Promise.all([]).then((v) => console.log('all([]) ->', v));
Promise.all([Promise.resolve('a'), 'b', Promise.resolve(3)])
    .then((v) => console.log('all ->', v));
