// Extra arguments of process.nextTick, setImmediate, setTimeout and setInterval reach the
// callback (each started by the one before).
process.nextTick((a, b, c) => {
    console.log('nextTick', a, b, c);
    setImmediate((...args) => {
        console.log('immediate', args);
        setTimeout((x, n) => {
            console.log('timeout', x, n);
            let runs = 0;
            const iv = setInterval((label) => {
                runs++;
                console.log('interval', label, runs);
                if (runs === 2) {
                    clearInterval(iv);
                }
            }, 15, 'z');
        }, 10, 'x', 1);
    }, 'y', [2, 3]);
}, true, null, undefined);
