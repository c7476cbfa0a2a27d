// Contract row "The Node.js surface: modules": a .js file with import syntax is an ES module
// (node v20 detects it), so a timeout and an immediate of its body run immediate first.
import { setTimeout as after } from 'timers';
after(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
console.log('typeof require in a module', typeof require);
