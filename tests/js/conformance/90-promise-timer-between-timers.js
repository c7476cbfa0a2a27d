// A promisified timer is an ordinary timer: its await resumes right after it fires, before the
// next timer of the same delay.
const { setTimeout: sleep } = require('timers/promises');
setTimeout(() => console.log('callback timer 1'), 15);
(async () => {
    await sleep(15);
    console.log('await sleep(15) resumed');
})();
setTimeout(() => console.log('callback timer 2'), 15);
