// Contract row "The Node.js surface: promises": thenables (objects with a then method), async
// functions and await.
const thenable = {
    then(resolve) {
        console.log('then called');
        resolve('from a thenable');
    },
};
async function work() {
    const a = await thenable;
    console.log('awaited', a);
    const b = await Promise.resolve('a promise');
    console.log('awaited', b);
    try {
        await Promise.reject(new Error('awaited rejection'));
    } catch (e) {
        console.log('caught', e.message);
    }
    return 'returned';
}
Promise.resolve(thenable).then((v) => console.log('resolved with', v));
work().then((v) => console.log('work', v));
console.log('main');
