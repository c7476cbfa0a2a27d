// doc-example.mjs - a doc's example output is what loopsim prints today.
//
// An example sits between `<!-- example: loopsim ARGS... -->` and `<!-- end of example -->`,
// optionally inside a ``` fence; ARGS are split at spaces.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The examples of the doc at `path`, each as {args, shown, printed}: what the doc shows and
 * what `loopsim ARGS` prints now.
 */
export function docExamples(loopsim, path) {
    const doc = readFileSync(path, 'utf8');
    const re = /<!-- example: loopsim (.*?) -->\n(?:```\w*\n)?([\s\S]*?)(?:```\n)?<!-- end of example -->/g;
    const out = [];
    for (const m of doc.matchAll(re)) {
        const args = m[1].split(' ');
        const r = spawnSync(loopsim, args, {encoding: 'utf8'});
        out.push({args: m[1], shown: m[2], printed: r.stdout});
    }
    return out;
}
