// Contract row "The language subset: refused constructs": strict mode, whose
// differences from sloppy mode are outside the subset: here node throws a ReferenceError.
'use strict';
undeclared = 1;
console.log(undeclared);
