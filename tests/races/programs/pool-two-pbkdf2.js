// Two pbkdf2 jobs of the same work, submitted together to a pool of four: they end together, and
// which callback runs first is a race (docs/races.md, pool-order).
'use strict';
const crypto = require('crypto');
crypto.pbkdf2('a', 'b', 100000, 16, 'sha256', () => console.log('first submitted')); // loopsim: 20ms
crypto.pbkdf2('a', 'b', 100000, 16, 'sha256', () => console.log('second submitted')); // loopsim: 20ms
