// How console.log prints the other values: strings raw at the top, quoted inside containers.
console.log('text', true, false, undefined, null);
console.log(['a', 'b'], ["it's"], [1, 'two', true, null, undefined]);
console.log({ a: 1, b: 'x', c: [1, 2], d: { e: null } });
console.log([], {}, [[]], [{}], { list: [] });
console.log({ 'a-b': 1, 2: 'two', ok: true });
console.log([[1, [2, 3]], { deep: { er: 1 } }]);
console.log('');
console.log();
console.log('two', 'strings', 3);
