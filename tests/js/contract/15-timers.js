// Contract row "The Node.js surface: timers": setTimeout, setInterval and setImmediate with
// extra arguments passed to the callback; clearTimeout, clearInterval and clearImmediate.
const cleared = setTimeout(() => console.log('never: cleared timeout'), 5);
clearTimeout(cleared);
const skipped = setImmediate(() => console.log('never: cleared immediate'));
clearImmediate(skipped);
setImmediate((a, b) => {
    console.log('immediate', a, b);
    setTimeout((x, y, z) => {
        console.log('timeout', x, y, z);
        let count = 0;
        const iv = setInterval((tag) => {
            count++;
            console.log('interval', tag, count);
            if (count === 3) {
                clearInterval(iv);
                setTimeout(() => console.log('after the interval'), 20);
            }
        }, 10, 'tick');
    }, 1, 'x', 2, [3]);
}, 'a', { b: 1 });
