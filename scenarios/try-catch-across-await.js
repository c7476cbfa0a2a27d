// try/catch across await: a rejection throws where the function awaits it
//
// Awaiting a rejected promise throws its reason at the `await`, so an ordinary try/catch
// around it catches an error that happens later, in a timer; the catch and the finally run in
// the promise job that resumes the function. A try/catch around a call that is not awaited
// catches nothing: the promise rejects after the try has ended.
function failLater(ms) {
    return new Promise((resolve, reject) => {
        setTimeout(() => {
            console.log(`timer ${ms} ms rejects`);
            reject(new Error(`failed after ${ms} ms`));
        }, ms);
    });
}
async function main() {
    try {
        await failLater(10);
        console.log('never: the await threw');
    } catch (e) {
        console.log('caught:', e.message);
    } finally {
        console.log('finally');
    }
    try {
        failLater(30).catch((e) => console.log('only .catch sees:', e.message));
        console.log('try ends: nothing awaited');
    } catch (e) {
        console.log('never:', e.message);
    }
}
main().then(() => console.log('main resolved'));

// loopsim: expect
// timer 10 ms rejects
// caught: failed after 10 ms
// finally
// try ends: nothing awaited
// main resolved
// timer 30 ms rejects
// only .catch sees: failed after 30 ms
