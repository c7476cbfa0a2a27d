// Contract row "The Node.js surface: process": process.env.UV_THREADPOOL_SIZE = '1' before the
// pool is first used gives one worker, so two pool jobs run one after the other: the short
// one, queued second, finishes second.
process.env.UV_THREADPOOL_SIZE = '1';
const crypto = require('crypto');
crypto.pbkdf2('pw', 'salt', 300000, 64, 'sha512', () => console.log('long job, first'));
crypto.pbkdf2('pw', 'salt', 1, 64, 'sha512', () => console.log('short job, second'));
