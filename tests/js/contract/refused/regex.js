// Contract row "The language subset: refused constructs": a regular expression.
console.log('abc'.split(/b/));
