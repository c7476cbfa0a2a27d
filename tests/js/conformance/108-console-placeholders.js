// The format placeholders of console.log: %s %d %i %j %o and %%.
console.log('%s is %d years', 'node', 20);
console.log('%i and %d', 4.9, '42');
console.log('%d', 'abc');
console.log('%j', { a: [1, 'x'], b: null });
console.log('%o', [1]);
console.log('%s', { a: 1 });
console.log('100%% sure', 'extra');
console.log('missing %s and %d');
console.log('%s', 'x', 'more', 3);
console.log(1, '%s', 'not a format');
console.log('%s %s', null, undefined, true);
