// morph-expect-gen.js — writes tests/data/morph_expect.tsv once, from
// Az.js with pymorphy2's semantics (the options and scoring of
// morph-agree.js): for a sample of dictionary words, the word, the best
// parse "lemma tag" (or "-" when the best score is tied) and the set of
// all "lemma tag" parses, sorted, joined by "|".
//   node eval/morph-expect-gen.js WORDS > tests/data/morph_expect.tsv
'use strict';
const fs = require('fs');
const path = require('path');
const top = path.resolve(__dirname, '..');
const azDir = process.env.AZ_DIR || path.join(top, 'data/cache/aznode/node_modules/az');
const Az = require(azDir);
const all = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((w) => w.length);
const dicts = path.join(azDir, 'dicts');
Az.Morph.init(dicts, () => Az.DAWG.load(path.join(dicts, 'p_t_given_w.intdawg'), 'int', (e, ptw) => {
  const config = { ignoreCase: true, stutter: 0, typos: 0, parsers: ['Dictionary'] };
  const seen = new Set(), pick = [];
  for (const w of all) {
    if (seen.has(w) || /[0-9A-Za-z]/.test(w)) continue;
    seen.add(w);
    if (w.length === 1) continue; // initials: pymorphy2's rule differs from Az's
    pick.push(w);
  }
  const out = ['# word\tbest "lemma tag" (- when tied)\tall "lemma tag", sorted, |-joined'];
  for (let i = 0; i < pick.length && out.length <= 400; i += Math.max(1, Math.floor(pick.length / 400))) {
    const w = pick[i];
    let ps = Az.Morph(w, config).map((p) => ({ k: String(p.normalize()).toLowerCase() + ' ' + String(p.tag), tag: String(p.tag) }));
    if (!ps.length) continue;
    const probs = ps.map((p) => { const r = ptw.findAll(w.toLowerCase() + ':' + p.tag); return r && r[0] ? r[0][1] : 0; });
    const best = Math.max(...probs);
    const tied = new Set(ps.map((p) => p.k)).size > 1 && (probs.filter((x) => x === best).length > 1 || best === 0);
    const bi = probs.indexOf(best);
    const set = [...new Set(ps.map((p) => p.k))].sort();
    out.push(w + '\t' + (tied ? '-' : ps[bi].k) + '\t' + set.join('|'));
  }
  process.stdout.write(out.join('\n') + '\n');
}));
