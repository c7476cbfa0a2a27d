// Contract row "The language subset: refused constructs": a setter.
const o = {
    set x(v) {
        console.log(v);
    },
};
o.x = 1;
