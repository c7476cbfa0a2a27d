// Contract row "Errors: syntax error": an unfinished expression.
const x = (1 + ;
console.log(x);
