// Each then without a rejection handler costs the rejection one round on its way to catch.
let round = 0;
function ruler(n) {
    let p = Promise.resolve();
    for (let i = 1; i <= n; i++) {
        p = p.then(() => console.log(`round ${++round}`));
    }
}
ruler(5);
Promise.reject(new Error('r'))
    .then(() => 1)
    .then(() => 2)
    .then(() => 3)
    .catch((e) => console.log('caught after three thens:', e.message));
Promise.reject(new Error('d')).catch((e) => console.log('direct catch:', e.message));
