// Contract row "Errors: an API outside what is simulated": a global Node has.
fetch('http://example.com').then((r) => console.log(r.status));
