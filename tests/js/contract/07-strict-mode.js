// Contract row "The language subset: strict and sloppy mode": in strict mode (a module, or
// 'use strict') assigning a name nothing declared throws node's ReferenceError.
'use strict';
undeclared = 1;
console.log(undeclared);
