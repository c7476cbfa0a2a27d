// bench/cpus/program.js - one measuring run in node, for measure.mjs: KIND is
//   wave   UV_THREADPOOL_SIZE=4, 8 pbkdf2 jobs of W ms each (alone): their completion times;
//   sync   4 pbkdf2 jobs of 4 W on the pool, then a pbkdf2Sync of W and a Date.now() wait of
//          W on the main thread: how long each takes while the pool computes.
// It prints one JSON line: {"solo": ms a job alone, "times": [...]} (ms since the first job).
'use strict';
const crypto = require('crypto');
const [kind, msArg] = process.argv.slice(2);
const W = Number(msArg);
const N = 5000;
let best = Infinity;
for (let i = 0; i < 8; i++) {
    const t = performance.now();
    crypto.pbkdf2Sync('x', 'y', N, 64, 'sha512');
    best = Math.min(best, performance.now() - t);
}
const iterations = Math.max(1, Math.round((N * W) / best));
const t0 = performance.now();
const times = [];
const since = () => Math.round((performance.now() - t0) * 100) / 100;
if (kind === 'wave') {
    process.env.UV_THREADPOOL_SIZE = '4';
    for (let i = 0; i < 8; i++) {
        crypto.pbkdf2('secret', 'salt', iterations, 64, 'sha512', () => {
            times.push(since());
            if (times.length === 8) {
                console.log(JSON.stringify({ solo: best * iterations / N, times }));
            }
        });
    }
} else {
    for (let i = 0; i < 4; i++) {
        crypto.pbkdf2('secret', 'salt', 4 * iterations, 64, 'sha512', () => {});
    }
    setTimeout(() => {
        let t = performance.now();
        crypto.pbkdf2Sync('secret', 'salt', iterations, 64, 'sha512');
        times.push(Math.round((performance.now() - t) * 100) / 100);
        t = performance.now();
        const end = Date.now() + W;
        while (Date.now() < end);
        times.push(Math.round((performance.now() - t) * 100) / 100);
        console.log(JSON.stringify({ solo: best * iterations / N, times }));
    }, 5);
}
