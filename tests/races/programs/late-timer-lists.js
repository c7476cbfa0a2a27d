// Timers of 10 and 11 ms: on time, the immediate that the first queues runs between them; a poll
// that wakes a millisecond late runs both lists in one timers pass, and the immediate comes last
// (docs/races.md, poll-late).
'use strict';
setTimeout(() => {
    console.log('t10');
    setImmediate(() => console.log('immediate'));
}, 10);
setTimeout(() => console.log('t11'), 11);
