// Contract row "The Node.js surface: console": console.error and console.warn go to standard
// error, so only the console.log lines are standard output.
console.log('out 1');
console.error('error line');
console.warn('warn line');
console.log('out 2');
