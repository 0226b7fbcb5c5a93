// morph-agree.js — how far fakt's morphology agrees with Az.js (az@0.2.3,
// the JS port of pymorphy2) over one word list.
//
//   node eval/morph-agree.js WORDS FAKT_JSONL [DIFFS_OUT]
//
// WORDS has one word a line; FAKT_JSONL is `fakt morph < WORDS`.  Az runs
// with the options closest to pymorphy2 (no case filtering of names, no
// stutter or typo correction) and pymorphy2's initials rule in place of
// Az's (Az gives a single capital letter 24 first-name parses, pymorphy2
// 12 first-name and 12 patronymic ones, and only when written uppercase).
// Figures:
//   known_set   words the dictionary knows whose set of (lemma, tag) is equal
//   top_az      all words: the first parse (lemma, tag) is Az's first
//   top_az_tie  the same, counting a tie for Az's best score as agreement
//   top_py      all words: as top_az, with Az's dictionary scores computed
//               the pymorphy2 way (P(tag|word) keyed by the word as written,
//               0 for tags without data) instead of Az's
'use strict';
const fs = require('fs');
const path = require('path');
const top = path.resolve(__dirname, '..');
const azDir = process.env.AZ_DIR || path.join(top, 'data/cache/aznode/node_modules/az');
const Az = require(azDir);
const words = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((w) => w.length);
const fakt = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter((l) => l.length).map((l) => JSON.parse(l));
const diffOut = process.argv[4];
if (fakt.length !== words.length) {
  console.error('morph-agree: ' + words.length + ' words but ' + fakt.length + ' fakt lines');
  process.exit(1);
}
const LETTERS = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ';
const CASES = ['nomn', 'gent', 'datv', 'accs', 'ablt', 'loct'];
function simple(word, tag, score) {
  return { word, tag: { toString: () => tag }, score, stutterCnt: 0, typosCnt: 0,
           normalize() { return this; }, toString() { return this.word; } };
}
const dicts = path.join(azDir, 'dicts');
Az.Morph.init(dicts, function (err) {
  if (err) throw err;
  Az.DAWG.load(path.join(dicts, 'p_t_given_w.intdawg'), 'int', function (err2, ptw) {
    if (err2) throw err2;
    run(ptw);
  });
});
function run(ptw) {
  Az.Morph.Parsers.PyInitials = function (word) {
    if (word.length !== 1 || LETTERS.indexOf(word) < 0) return [];
    const out = [], w = word.toLowerCase();
    for (const kind of ['Name', 'Patr'])
      for (const g of ['masc', 'femn'])
        for (const c of CASES)
          out.push(simple(w, 'NOUN,anim,' + g + ',Sgtm,' + kind + ',Fixd,Abbr,Init sing,' + c, 0.1));
    return out;
  };
  const config = {
    ignoreCase: true, stutter: 0, typos: 0,
    parsers: ['Dictionary?', 'PyInitials', 'IntNumber', 'RealNumber', 'Punctuation', 'RomanNumber?',
              'Latin', 'HyphenParticle', 'HyphenAdverb', 'HyphenWords', 'PrefixKnown', 'PrefixUnknown?',
              'SuffixKnown?', 'Abbr'],
  };
  const key = (l, t) => l + '\t' + t;
  let known = 0, knownEq = 0, topAz = 0, topTie = 0, topPy = 0, n = 0;
  const diffs = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const az = Az.Morph(w, config).map((p) => ({
      lemma: String(p.normalize ? (p.normalize() || p) : p).toLowerCase(),
      tag: String(p.tag), score: p.score, parser: p.parser,
    }));
    const fk = fakt[i].parses || [];
    n++;
    const isKnown = az.some((p) => p.parser === 'Dictionary');
    const fs1 = new Set(fk.map((p) => key(p.lemma, p.tag)));
    const as1 = new Set(az.map((p) => key(p.lemma, p.tag)));
    if (isKnown) {
      known++;
      let eq = fs1.size === as1.size;
      if (eq) for (const k of fs1) if (!as1.has(k)) { eq = false; break; }
      if (eq) knownEq++;
      else if (diffs.length < 2000) diffs.push('SET\t' + w + '\tfakt=' + [...fs1].filter((k) => !as1.has(k)).join('|') + '\taz=' + [...as1].filter((k) => !fs1.has(k)).join('|'));
    }
    const ft = fk.length ? key(fk[0].lemma, fk[0].tag) : '';
    const at = az.length ? key(az[0].lemma, az[0].tag) : '';
    if (ft === at) topAz++;
    if (ft === at || az.some((p) => p.score === az[0].score && key(p.lemma, p.tag) === ft)) topTie++;
    else if (diffs.length < 4000) diffs.push('TOP\t' + w + '\tfakt=' + ft + '\taz=' + at);
    // pymorphy2 scoring of Az's dictionary parses
    let py = az;
    if (isKnown) {
      const lw = w.toLowerCase();
      const probs = az.map((p) => { const r = ptw.findAll(lw + ':' + p.tag); return r && r[0] ? r[0][1] / 1e6 : 0; });
      const sum = probs.reduce((a, b) => a + b, 0);
      if (sum > 0) py = az.map((p, k) => Object.assign({}, p, { score: probs[k] })).sort((a, b) => b.score - a.score);
    }
    const pt = py.length ? key(py[0].lemma, py[0].tag) : '';
    if (ft === pt || py.some((p) => p.score === py[0].score && key(p.lemma, p.tag) === ft)) topPy++;
  }
  const pct = (a, b) => (100 * a / b).toFixed(2);
  console.log('agree.words=' + n);
  console.log('agree.known_words=' + known);
  console.log('agree.known_set_pct=' + pct(knownEq, known));
  console.log('agree.top_az_pct=' + pct(topAz, n));
  console.log('agree.top_az_tie_pct=' + pct(topTie, n));
  console.log('agree.top_py_pct=' + pct(topPy, n));
  if (diffOut) fs.writeFileSync(diffOut, diffs.join('\n') + '\n');
}
