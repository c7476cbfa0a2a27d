// Contract row "The language subset: Declarations": a rest parameter after a default
// parameter collects every remaining argument into an array.
function f(d = 'default', ...rest) {
    return [d, rest];
}
console.log(f());
console.log(f('given', 1, 2, 3));
