// beforeExit and the loop it revives
//
// When the loop has nothing left to do, Node emits 'beforeExit'. A listener that schedules
// more work keeps the process alive: the loop runs again, and 'beforeExit' comes again when
// it empties. Only when a 'beforeExit' schedules nothing does 'exit' follow.
// loopsim: level 3
// loopsim: prompt In what order do the five lines print?
// loopsim: hint How many times is 'beforeExit' emitted?
// loopsim: hint 'exit' is emitted once, when the process is really going to end.
let revived = false;
process.on('beforeExit', () => {
    if (!revived) {
        revived = true;
        console.log('beforeExit: one more timer');
        setTimeout(() => console.log('revived timer'), 0);
    } else {
        console.log('beforeExit: nothing more');
    }
});
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => console.log('first timer'), 0);
