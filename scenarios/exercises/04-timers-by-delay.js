// Four timers, three delays
//
// Each timer is due at the time it was set plus its delay. The timers phase runs every timer
// that is due, earliest expiry first; timers with the same delay set one after another keep
// their order.
// loopsim: level 1
// loopsim: prompt In what order do the four lines print?
// loopsim: hint Work out when each timer is due.
// loopsim: hint Two timers with the same delay keep the order they were set in.
setTimeout(() => console.log('30 ms'), 30);
setTimeout(() => console.log('10 ms, first'), 10);
setTimeout(() => console.log('20 ms'), 20);
setTimeout(() => console.log('10 ms, second'), 10);
