// schedule.mjs - at most J processes at once, and "exclusive" ones with nothing beside them.

/**
 * A scheduler for `jobs` tasks at a time: schedule(fn, exclusive) resolves to what fn()
 * resolves to. An exclusive task waits until nothing runs and runs alone; tasks start in the
 * order they were scheduled.
 */
export function makeScheduler(jobs) {
    let running = 0;
    let exclusiveRunning = false;
    const waiting = [];
    const pump = () => {
        while (waiting.length > 0) {
            const next = waiting[0];
            const fits = next.exclusive ? running === 0 : !exclusiveRunning && running < jobs;
            if (!fits) {
                return;
            }
            waiting.shift();
            running++;
            exclusiveRunning = next.exclusive;
            next.fn().then((r) => {
                running--;
                exclusiveRunning = false;
                next.resolve(r);
                pump();
            });
        }
    };
    return (fn, exclusive = false) => new Promise((resolve) => {
        waiting.push({ fn, exclusive, resolve });
        pump();
    });
}
