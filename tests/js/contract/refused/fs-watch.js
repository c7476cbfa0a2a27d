// Contract row "Errors: an API outside what is simulated": a member of a module.
const fs = require('fs');
fs.watch(__dirname, () => console.log('changed'));
