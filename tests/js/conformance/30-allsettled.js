// Promise.allSettled reports every outcome in input order, after the last one settles.
const p1 = Promise.resolve(1);
const p2 = Promise.reject(new Error('no'));
const p3 = new Promise((resolve) => setTimeout(() => resolve('late'), 20));
Promise.allSettled([p1, p2, p3, 'plain']).then((results) => {
    for (const r of results) {
        if (r.status === 'fulfilled') {
            console.log('fulfilled', r.value);
        } else {
            console.log('rejected', r.reason.message);
        }
    }
    console.log('%j', results[0]);
});
