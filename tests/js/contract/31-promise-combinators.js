// Contract row "The Node.js surface: promises": Promise.all, allSettled, race and any, one
// after the other (each delay's order is fixed: at least 20 ms apart).
const later = (ms, v) => new Promise((resolve) => setTimeout(() => resolve(v), ms));
const fail = (ms, msg) => new Promise((_, reject) => setTimeout(() => reject(new Error(msg)), ms));
async function main() {
    console.log('all', await Promise.all([later(21, 'slow'), later(1, 'fast'), 'plain']));
    await Promise.all([later(1, 'ok'), fail(1, 'all fails')])
        .catch((e) => console.log('all rejects', e.message));
    const rs = await Promise.allSettled([later(1, 'kept'), fail(1, 'broken'), 3]);
    for (const r of rs) {
        console.log('allSettled', r.status, r.value ?? r.reason.message);
    }
    console.log('race', await Promise.race([later(41, 'slow'), later(1, 'quick')]));
    await Promise.race([fail(1, 'race rejects'), later(41, 'late')])
        .catch((e) => console.log(e.message));
    console.log('any', await Promise.any([fail(1, 'a'), later(21, 'any wins')]));
    await Promise.any([fail(1, 'x'), fail(1, 'y')]).catch((e) => {
        console.log('any rejects', e.name, e.errors.map((x) => x.message));
    });
}
main();
