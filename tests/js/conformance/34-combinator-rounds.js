// With settled inputs every combinator's then runs in round 2, in the order of the calls.
let round = 0;
function ruler(n) {
    let p = Promise.resolve();
    for (let i = 1; i <= n; i++) {
        p = p.then(() => console.log(`round ${++round}`));
    }
}
ruler(3);
const ok = Promise.resolve('ok');
Promise.race([ok]).then((v) => console.log('race', v));
Promise.all([ok]).then((v) => console.log('all', v));
Promise.any([ok]).then((v) => console.log('any', v));
Promise.allSettled([ok]).then((v) => console.log('allSettled', v[0].status));
ok.then((v) => console.log('plain then', v));
