const who = 'world', n = 3;
console.log(`hello ${who}`);
console.log(`nested ${`inner ${n > 2 ? `big ${n}` : 'small'}`} done`);
console.log(`multi
line \`escaped\` \${not} ${{ a: 1 }.a}`);
console.log(``, `${''}`, `a${1}b${2}c`);
