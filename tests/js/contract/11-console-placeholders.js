// Contract row "The Node.js surface: console": the %s, %d, %i, %j and %o placeholders.
console.log('%s and %s', 'one', 2, 'extra');
console.log('%d %d %d', 42, '7', 1.5);
console.log('%i %i', 42.9, '-3.7');
console.log('%j', { a: [1, 'x'], b: null });
console.log('%o', { a: 1, list: [1, 2] });
console.log('%s', 'missing:', '%d');
console.log('%d%%', 50);
