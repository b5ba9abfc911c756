// The query side of search stemming for German. The index was stemmed at build time by
// rust-stemmers (`src/markdown/stem.rs`); the search page stems each word of the reader's
// query with this script, so both must give the same stem for every word. It is the
// Snowball "german" algorithm, written from its published description, and
// `tests/suite/stemmers.rs` compares it with the index's stemmer word by word.
// window.prepressStem(word) takes one lower-cased word (umlauts and ß kept) and returns
// its stem, which has neither.
(() => {
  "use strict";

  const VOWELS = new Set("aeiouyäöü");
  const isVowel = (c) => VOWELS.has(c);
  // Stems ending in a letter before which a final -s (step 1), or -st (step 2), is an
  // ending.
  const S_ENDING = /[bdfghklmnrt]$/;
  const ST_ENDING = /[bdfghklmnt]$/;

  // The longest of `suffixes` that `word` ends with, or undefined.
  const longest = (word, suffixes) =>
    suffixes.filter((s) => word.endsWith(s)).sort((a, b) => b.length - a.length)[0];

  // Where the region after the first non-vowel that follows a vowel, from `start` on,
  // begins: the end of the word when there is none.
  function regionAfter(word, start) {
    for (let i = start + 1; i < word.length; i++) {
      if (!isVowel(word[i]) && isVowel(word[i - 1])) return i + 1;
    }
    return word.length;
  }

  // ß is written ss, and a u or y between two vowels is marked as a consonant (U, Y),
  // left to right, so that a letter just marked no longer counts as a vowel.
  function prelude(word) {
    const letters = word.replace(/ß/g, "ss").split("");
    for (let i = 1; i < letters.length - 1; i++) {
      if ((letters[i] === "u" || letters[i] === "y") && isVowel(letters[i - 1]) && isVowel(letters[i + 1])) {
        letters[i] = letters[i].toUpperCase();
      }
    }
    return letters.join("");
  }

  // Step 1: inflectional endings in R1: -em, -ern, -er; -e, -en, -es (and then the
  // second s of -niss, as in bedürfnissen); -s after a letter that may come before it.
  function step1(word, p1) {
    const suffix = longest(word, ["em", "ern", "er", "e", "en", "es", "s"]);
    if (!suffix) return word;
    const stem = word.slice(0, -suffix.length);
    if (stem.length < p1) return word;
    if (suffix === "s") return S_ENDING.test(stem) ? stem : word;
    if (["e", "en", "es"].includes(suffix) && stem.endsWith("niss")) return stem.slice(0, -1);
    return stem;
  }

  // Step 2: more endings in R1: -en, -er, -est, and -st after a letter that may come
  // before it, itself after at least three letters.
  function step2(word, p1) {
    const suffix = longest(word, ["en", "er", "est", "st"]);
    if (!suffix) return word;
    const stem = word.slice(0, -suffix.length);
    if (stem.length < p1) return word;
    if (suffix === "st" && !(stem.length >= 4 && ST_ENDING.test(stem))) return word;
    return stem;
  }

  // Step 3: derivational suffixes in R2. -end and -ung go, and then an -ig in R2 not
  // after e; -ig, -ik, -isch go when not after e; -lich and -heit go, and then an -er or
  // -en in R1; -keit goes, and then a -lich or -ig in R2.
  function step3(word, p1, p2) {
    const suffix = longest(word, ["end", "ung", "ig", "ik", "isch", "lich", "heit", "keit"]);
    if (!suffix) return word;
    const stem = word.slice(0, -suffix.length);
    if (stem.length < p2) return word;
    const inR2 = (rest) => rest.length >= p2;
    switch (suffix) {
      case "end":
      case "ung": {
        const rest = stem.slice(0, -2);
        return stem.endsWith("ig") && inR2(rest) && !rest.endsWith("e") ? rest : stem;
      }
      case "ig":
      case "ik":
      case "isch":
        return stem.endsWith("e") ? word : stem;
      case "lich":
      case "heit": {
        const rest = stem.slice(0, -2);
        return /(er|en)$/.test(stem) && rest.length >= p1 ? rest : stem;
      }
      default: {
        const inner = longest(stem, ["lich", "ig"]);
        const rest = inner ? stem.slice(0, -inner.length) : stem;
        return inner && inR2(rest) ? rest : stem;
      }
    }
  }

  // Undo the marks of the prelude and drop the umlauts.
  const postlude = (word) =>
    word.replace(/[UYäöü]/g, (c) => ({ U: "u", Y: "y", ä: "a", ö: "o", ü: "u" })[c]);

  function stem(original) {
    const word = prelude(original);
    // R1 is the region after the first non-vowel following a vowel, but no nearer the
    // start than the fourth letter; R2 is the region after the first non-vowel following
    // a vowel after that (unmoved) R1 start.
    const start = regionAfter(word, 0);
    const p1 = Math.max(start, 3);
    const p2 = regionAfter(word, start);
    return postlude(step3(step2(step1(word, p1), p1), p1, p2));
  }

  // The rules count letters, and a JS string counts a letter beyond U+FFFF as two units:
  // each such letter is stood in for by U+FFFF (which no rule reads as a vowel) while
  // stemming, then put back in order, since the rules only ever change a word's end.
  window.prepressStem = (word) => {
    const wide = [];
    const narrow = word.replace(/[\u{FFFF}-\u{10FFFF}]/gu, (c) => (wide.push(c), "\uFFFF"));
    return stem(narrow).replace(/\uFFFF/g, () => wide.shift());
  };
})();
