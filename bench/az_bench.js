// az_bench.js — Az.js (az@0.2.3, the JS port of pymorphy2) speed over a
// word list (one word a line), for bench_morph's ratio: the same words,
// the same run.  Az is installed outside the repository:
//   (cd data/cache/aznode && npm install az@0.2.3)   or set AZ_DIR.
// Prints az.load_ms, az.words_per_s_cold (first pass) and
// az.words_per_s_warm (best of later passes), default Az options.
'use strict';
const path = require('path');
const fs = require('fs');
const top = path.resolve(__dirname, '..');
const azDir = process.env.AZ_DIR || path.join(top, 'data/cache/aznode/node_modules/az');
let Az;
try {
  Az = require(azDir);
} catch (e) {
  console.log('az.words_per_s_warm=0 (Az.js not found in ' + azDir + ')');
  process.exit(0);
}
const words = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((w) => w.length);
const t0 = process.hrtime.bigint();
Az.Morph.init(path.join(azDir, 'dicts'), function (err) {
  if (err) {
    console.log('az.words_per_s_warm=0 (' + err + ')');
    return;
  }
  const load = Number(process.hrtime.bigint() - t0) / 1e6;
  function pass() {
    const s = process.hrtime.bigint();
    let n = 0;
    for (const w of words) n += Az.Morph(w).length;
    return [Number(process.hrtime.bigint() - s) / 1e9, n];
  }
  const cold = pass()[0];
  let best = Infinity, total = 0, passes = 0;
  while (total < 2 || passes < 2) {
    const t = pass()[0];
    total += t;
    passes++;
    if (t < best) best = t;
  }
  console.log('az.load_ms=' + load.toFixed(1));
  console.log('az.words_per_s_cold=' + Math.round(words.length / cold));
  console.log('az.words_per_s_warm=' + Math.round(words.length / best));
});
