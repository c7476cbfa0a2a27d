// readFile of the program itself: the callback gets a string with an encoding; readFileSync
// reads the same text at once.
const fs = require('fs');
const now = fs.readFileSync(__filename, 'utf8');
console.log('sync read starts with', now[0] + now[1]);
fs.readFile(__filename, 'utf8', (err, text) => { // loopsim: 1ms
    console.log('async read: error', err, 'type', typeof text);
    console.log('same text as the sync read:', text === now);
    fs.lstat(__filename, (err2, st) => { // loopsim: 1ms
        console.log('lstat: size equals text length:', st.size === text.length);
    });
});
process.nextTick(() => console.log('tick before the read completes'));
