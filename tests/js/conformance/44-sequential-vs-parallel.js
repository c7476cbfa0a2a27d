// Awaiting timers one after the other adds them up; Promise.all runs them side by side. The
// order of the lines shows it: the parallel pair is done before the sequential one.
const sleep = (ms, label) => new Promise((resolve) => setTimeout(() => {
    console.log(`${label} slept ${ms}`);
    resolve(label);
}, ms));
async function sequential() {
    await sleep(40, 's1');
    await sleep(40, 's2');
    console.log('sequential done');
}
async function parallel() {
    const both = await Promise.all([sleep(50, 'p1'), sleep(55, 'p2')]);
    console.log('parallel done', both);
}
sequential();
parallel();
