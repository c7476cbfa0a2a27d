// Contract row "Errors: runaways": an endless loop that never reads the clock stops by itself
// (node would spin for ever).
let n = 0;
setTimeout(() => {
    while (true) {
        n++;
    }
}, 1);
