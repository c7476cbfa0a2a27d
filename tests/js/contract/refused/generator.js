// Contract row "The language subset: refused constructs": a generator.
function* numbers() {
    yield 1;
}
console.log(numbers().next());
