// refresh() restarts a timer from now with its original delay and callback.
let refreshes = 0;
const t = setTimeout(() => console.log('refreshed timer fires after', refreshes, 'refreshes'), 100);
const i = setInterval(() => {
    refreshes++;
    console.log('refresh', refreshes);
    t.refresh();
    if (refreshes === 3) {
        clearInterval(i);
    }
}, 30);
setTimeout(() => console.log('140 ms timer'), 140);
