// finally gets no argument, passes the value or the rejection on, and costs two extra rounds.
let round = 0;
function ruler(n) {
    let p = Promise.resolve();
    for (let i = 1; i <= n; i++) {
        p = p.then(() => console.log(`round ${++round}`));
    }
}
ruler(5);
Promise.resolve('kept')
    .finally((...args) => console.log('finally 1, arguments:', args.length))
    .then((v) => console.log('then after finally got', v));
Promise.reject(new Error('still rejected'))
    .finally(() => console.log('finally 2'))
    .catch((e) => console.log('catch after finally got', e.message));
Promise.resolve('x')
    .then((v) => v)
    .then((v) => console.log('then-then got', v));
