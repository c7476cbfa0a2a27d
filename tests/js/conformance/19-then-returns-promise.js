// A then handler that returns Promise.resolve(x) delays the next link by two extra rounds;
// returning x itself does not. The ruler prints the round numbers.
let round = 0;
function ruler(n) {
    let p = Promise.resolve();
    for (let i = 1; i <= n; i++) {
        p = p.then(() => console.log(`round ${++round}`));
    }
}
ruler(5);
Promise.resolve()
    .then(() => Promise.resolve('wrapped'))
    .then((v) => console.log('after returning a promise:', v));
Promise.resolve()
    .then(() => 'plain')
    .then((v) => console.log('after returning a value:', v));
