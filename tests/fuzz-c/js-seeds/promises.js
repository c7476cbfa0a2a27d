Promise.resolve(1)
  .then((v) => v + 1)
  .then((v) => { throw new TypeError(`bad ${v}`); })
  .catch((e) => e.message)
  .finally(() => console.log('finally'));
Promise.allSettled([Promise.reject(new RangeError('r')), 2]).then((r) => console.log(r));
Promise.race([new Promise(() => {}), Promise.resolve('race')]).then(console.log);
Promise.any([Promise.reject(1), Promise.resolve(2)]).then(console.log);
const thenable = { then(resolve) { resolve('thenable'); } };
(async () => console.log(await thenable))();
process.on('unhandledRejection', (reason) => console.log('unhandled', reason));
