// Twin of scenarios/check-limit.json: real Node has no check-phase limit and runs the five
// immediates in one check phase; the printed order is the same as with the scenario's limit.
'use strict';
for (let i = 1; i <= 5; i++) {
    setImmediate(() => console.log(`immediate ${i}`));
}
