// Promise.race of settled inputs: the first one in the array wins, even a rejection; a plain
// value counts as settled; the then runs in round 2.
Promise.resolve().then(() => console.log('round 1')).then(() => console.log('round 2'));
Promise.race([Promise.reject(new Error('first, rejected')), Promise.resolve('second')])
    .then((v) => console.log('never', v), (e) => console.log('race 1:', e.message));
Promise.race([new Promise(() => {}), 'plain value', Promise.resolve('settled')])
    .then((v) => console.log('race 2:', v));
Promise.race([]).then(() => console.log('never: race([]) stays pending'));
