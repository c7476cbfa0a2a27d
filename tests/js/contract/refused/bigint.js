// Contract row "The language subset: refused constructs": a BigInt literal.
console.log(10n + 1n);
