// fs.readFile and fs.stat, side by side
//
// `fs.readFile` is not one job on the worker pool but a chain of four: open, fstat, read and
// close, each queued from the callback of the one before. Every step is a round trip through
// the event loop. A `stat` started after it needs one trip and so finishes first.
// loopsim: level 2
// loopsim: prompt In what order do the three lines print?
// loopsim: hint Which call was made first? Is that the one that finishes first?
// loopsim: hint How many separate pool jobs does reading a whole file take?
const fs = require('fs');
fs.readFile(__filename, 'utf8', (err, text) => {
    console.log('readFile done');
});
fs.stat(__filename, (err, st) => console.log('stat done'));
console.log('both started');
