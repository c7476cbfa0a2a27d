// try/catch/finally around await: a rejected await throws at the await; catch and finally run
// in the job that resumed the function.
async function work(fail) {
    try {
        console.log(`try (${fail ? 'fail' : 'ok'})`);
        const v = await (fail ? Promise.reject(new Error('boom')) : Promise.resolve('fine'));
        console.log('awaited', v);
        return 'from try';
    } catch (e) {
        console.log('catch', e.message);
        return 'from catch';
    } finally {
        console.log(`finally (${fail ? 'fail' : 'ok'})`);
    }
}
work(true).then((v) => console.log('result:', v));
work(false).then((v) => console.log('result:', v));
console.log('both started');
