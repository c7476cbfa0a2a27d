// Contract row "The Node.js surface: promises": top-level await in an ES module.
console.log('before');
const v = await new Promise((resolve) => setTimeout(() => resolve('timer value'), 5));
console.log('awaited', v);
const w = await Promise.resolve('second');
console.log('awaited', w);
setImmediate(() => console.log('immediate after the module'));
