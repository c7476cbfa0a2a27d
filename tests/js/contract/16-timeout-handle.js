// Contract row "The Node.js surface: timers": a Timeout's ref(), unref(), hasRef(), refresh()
// and close().
const keep = setTimeout(() => console.log('never: closed'), 50);
console.log('hasRef', keep.hasRef());
console.log('unref returns the timeout', keep.unref() === keep, keep.hasRef());
console.log('ref returns the timeout', keep.ref() === keep, keep.hasRef());
console.log('close returns the timeout', keep.close() === keep);
let refreshes = 0;
const t = setTimeout(() => {
    console.log('refreshed timeout fires after', refreshes, 'refreshes');
    const unrefd = setTimeout(() => console.log('never: unref keeps nothing alive'), 0);
    console.log('unref, the last timer', unrefd.unref() === unrefd, unrefd.hasRef());
}, 30);
const tick = setInterval(() => {
    refreshes++;
    console.log('refresh returns the timeout', t.refresh() === t);
    if (refreshes === 2) {
        clearInterval(tick);
    }
}, 20);
