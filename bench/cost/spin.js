'use strict';
// bench/cost/spin.js - how many iterations a loop that never sleeps makes in 80 ms: program (b)
// of docs/cost-model.md without its logs (run by bench/cost/run.mjs; prints one JSON line).
const fs = require('fs');

let spins = 0;
function spin() {
    spins++;
    setImmediate(spin);
}
setImmediate(spin);
setTimeout(() => {
    fs.writeSync(1, JSON.stringify({ spins, usPerIteration: 80000 / spins }) + '\n');
    process.exit(0);
}, 80);
