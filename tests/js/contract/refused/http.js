// Contract row "Errors: an API outside what is simulated": a module.
const http = require('node:http');
http.createServer(() => {}).listen(8080);
