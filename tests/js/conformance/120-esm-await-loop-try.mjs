// Top-level for loop with await, and top-level try/catch/finally around a rejected await.
import { setTimeout as sleep } from 'node:timers/promises';
const order = [];
setImmediate(() => order.push('immediate'));
for (const ms of [10, 10, 10]) {
    await sleep(ms);
    order.push(`slept ${ms}`);
}
console.log(order);
try {
    await Promise.reject(new TypeError('caught at top level'));
} catch (e) {
    console.log(e.name, e.message);
} finally {
    console.log('finally at top level');
}
