// Two pbkdf2 jobs of the same work, submitted together; the first one's callback queues an
// immediate. One uv__work_done delivering both puts the immediate last; the second ending a
// little later, in another poll, puts it between them (docs/races.md, split-batch), and the
// second may end first (pool-order).
'use strict';
const crypto = require('crypto');
crypto.pbkdf2('a', 'b', 100000, 16, 'sha256', () => { // loopsim: 20ms
    console.log('first submitted');
    setImmediate(() => console.log('immediate'));
});
crypto.pbkdf2('a', 'b', 100000, 16, 'sha256', () => console.log('second submitted')); // loopsim: 20ms
