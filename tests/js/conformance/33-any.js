// Promise.any takes the first fulfilment; when all reject it rejects with an AggregateError that
// lists the reasons in input order.
const reject = (ms, why) => new Promise((resolve, rej) => setTimeout(() => rej(why), ms));
const resolve = (ms, v) => new Promise((res) => setTimeout(() => res(v), ms));
Promise.any([reject(10, 'a'), resolve(30, 'b'), resolve(50, 'c')])
    .then((v) => console.log('any ->', v));
Promise.any([reject(40, 'x'), reject(20, 'y')]).catch((e) => {
    console.log(e.name, e.errors);
});
Promise.any([]).catch((e) => console.log('any([]):', e.name, e.errors.length));
