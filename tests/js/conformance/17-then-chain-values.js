// Values travel down a then chain; a then without a function passes the value on unchanged.
Promise.resolve(1)
    .then((v) => {
        console.log('got', v);
        return v + 1;
    })
    .then((v) => {
        console.log('got', v);
        return `${v} apples`;
    })
    .then(null)
    .then(undefined, (e) => console.log('never: no rejection', e))
    .then((v) => {
        console.log('got', v);
    })
    .then((v) => console.log('a handler without return gives', v));
