// A thenable whose then throws rejects the promise; a throw after it resolved is ignored, and so
// is a second call of resolve.
const bad = {
    then() {
        throw new Error('then threw');
    },
};
const late = {
    then(resolve, reject) {
        resolve('first');
        resolve('second');
        reject(new Error('ignored'));
        throw new Error('ignored too');
    },
};
Promise.resolve(bad).catch((e) => console.log('rejected:', e.message));
Promise.resolve(late).then((v) => console.log('fulfilled:', v));
