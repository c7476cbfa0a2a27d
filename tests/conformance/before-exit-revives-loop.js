// Twin of scenarios/before-exit-revives-loop.json: a 'beforeExit' listener that schedules a timer
// revives the loop; 'beforeExit' fires again when it runs dry, then 'exit'.
'use strict';
process.on('beforeExit', () => console.log('beforeExit: the loop ran out of work'));
process.once('beforeExit', () => {
    console.log('beforeExit (once): scheduling one more timer');
    setTimeout(() => console.log('timer from beforeExit: the loop is running again'), 10);
});
process.on('exit', () => console.log('exit: no listener revived the loop, goodbye'));
console.log('main done');
