// Thenables: Promise.resolve(thenable) and returning one from a handler call its then in a
// later job; a thenable that resolves from a timer is waited for.
const sync = {
    then(resolve) {
        console.log('sync thenable: then called');
        resolve('sync value');
    },
};
const later = {
    then(resolve) {
        console.log('timer thenable: then called');
        setTimeout(() => resolve('late value'), 10);
    },
};
Promise.resolve(sync).then((v) => console.log('got', v));
Promise.resolve().then(() => later).then((v) => console.log('got', v));
console.log('sync end: no then called yet');
