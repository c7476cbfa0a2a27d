// Contract row "The Node.js surface: console": console.log(...args) joins its arguments with
// one space, each printed as util.inspect prints strings, numbers, booleans, undefined, null,
// and arrays and plain objects that fit on one line.
console.log('a string', 42, -0, 1.5, 1e21, NaN, true, false, undefined, null);
console.log();
console.log(['in', 'array', 1, true, null, undefined], []);
console.log({ s: 'quoted', n: 1, nested: { deep: [1, 2] }, 'a-b': 0 }, {});
console.log(["it's", 'say "hi"', `both ' and "`]);
console.log('%', 'top level strings are not quoted');
