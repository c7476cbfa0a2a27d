// 'beforeExit' fires whenever the loop runs dry; scheduling work there revives the loop, and it
// fires again after that work.
let rounds = 0;
process.on('beforeExit', (code) => {
    rounds++;
    console.log(`beforeExit #${rounds} (code ${code})`);
    if (rounds < 3) {
        setTimeout(() => console.log(`timer from beforeExit #${rounds}`), 5);
    }
});
process.on('exit', (code) => console.log('exit', code, 'after', rounds, 'beforeExit events'));
setTimeout(() => console.log('main timer'), 5);
