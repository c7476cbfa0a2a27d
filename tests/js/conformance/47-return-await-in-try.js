// return p inside try does not catch p's rejection; return await p does.
const failing = () => Promise.reject(new Error('rejected'));
async function withoutAwait() {
    try {
        return failing();
    } catch (e) {
        return 'never caught here';
    }
}
async function withAwait() {
    try {
        return await failing();
    } catch (e) {
        return `caught: ${e.message}`;
    }
}
withoutAwait().then((v) => console.log('never', v), (e) => console.log('caller got', e.message));
withAwait().then((v) => console.log('withAwait:', v));
