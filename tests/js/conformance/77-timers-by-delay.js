// Timers fire by their expiry, not by the order they were created in.
setTimeout(() => console.log('60 ms'), 60);
setTimeout(() => console.log('20 ms'), 20);
setTimeout(() => console.log('40 ms'), 40);
setTimeout(() => console.log('1 ms'), 1);
console.log('all four created');
