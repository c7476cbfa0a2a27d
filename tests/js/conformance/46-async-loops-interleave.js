// Two async loops that await in every iteration take turns, one iteration per round.
async function loop(name, n) {
    for (let i = 0; i < n; i++) {
        console.log(`${name} ${i}`);
        await null;
    }
    console.log(`${name} done`);
}
loop('a', 3);
loop('b', 2);
console.log('both loops started');
