// Contract row "The language subset: refused constructs": a class declaration.
class Point {}
console.log(Point);
