// Contract row "The language subset: refused constructs": a getter.
const o = {
    get x() {
        return 1;
    },
};
console.log(o.x);
