// await of a thenable takes two rounds: its then is called in a job of its own.
const thenable = {
    then(resolve) {
        console.log('then called');
        resolve('from thenable');
    },
};
async function f() {
    const v = await thenable;
    console.log('resumed with', v);
}
Promise.resolve()
    .then(() => console.log('round 1'))
    .then(() => console.log('round 2'))
    .then(() => console.log('round 3'));
f();
(async () => {
    console.log('resumed with', await 'plain');
})();
