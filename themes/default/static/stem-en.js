// The query side of search stemming for English. The index was stemmed at build time by
// rust-stemmers (`src/markdown/stem.rs`); the search page stems each word of the reader's
// query with this script, so both must give the same stem for every word. It is the
// Snowball "english" algorithm (Porter2), written from its published description, and
// `tests/suite/stemmers.rs` compares it with the index's stemmer word by word.
// window.prepressStem(word) takes one lower-cased word and returns its stem.
(() => {
  "use strict";

  // Whole words stemmed by hand, or left as they are, before any rule runs.
  const EXCEPTIONS = new Map([
    ["skis", "ski"], ["skies", "sky"], ["dying", "die"], ["lying", "lie"], ["tying", "tie"],
    ["idly", "idl"], ["gently", "gentl"], ["ugly", "ugli"], ["early", "earli"],
    ["only", "onli"], ["singly", "singl"], ["sky", "sky"], ["news", "news"],
    ["howe", "howe"], ["atlas", "atlas"], ["cosmos", "cosmos"], ["bias", "bias"],
    ["andes", "andes"],
  ]);
  // Words that are left as step 1a leaves them (`innings` is `inning`).
  const FINAL_AFTER_1A = new Set([
    "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
  ]);
  // Beginnings after which R1 starts, whatever the general rule would say.
  const R1_PREFIXES = ["gener", "commun", "arsen"];

  const VOWELS = new Set("aeiouy");
  const isVowel = (c) => VOWELS.has(c);

  const hasVowel = (text) => /[aeiouy]/.test(text);

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

  // Whether `part` ends in a short syllable: a vowel between a non-vowel and a last
  // letter that is neither a vowel nor w, x or Y, or a vowel and a non-vowel that are the
  // whole of `part`.
  function endsInShortSyllable(part) {
    const [a, b, c] = [part.at(-3), part.at(-2), part.at(-1)];
    if (part.length >= 3) return !isVowel(a) && isVowel(b) && !isVowel(c) && !"wxY".includes(c);
    return part.length === 2 && isVowel(b) && !isVowel(c);
  }

  // Drop a first apostrophe, and mark as consonants (Y) a first y and each y after a vowel.
  function prelude(word) {
    const letters = word.replace(/^'/, "").split("");
    letters.forEach((c, i) => {
      if (c === "y" && (i === 0 || isVowel(letters[i - 1]))) letters[i] = "Y";
    });
    return letters.join("");
  }

  // Step 1a: possessive apostrophes, then plural -s: -sses is -ss, -ied/-ies is -i after
  // two letters or more (-ie after one), -s goes when a vowel comes before the letter
  // preceding it, and -us, -ss stay.
  function step1a(word) {
    const apostrophe = longest(word, ["'s'", "'s", "'"]);
    if (apostrophe) word = word.slice(0, -apostrophe.length);
    const suffix = longest(word, ["sses", "ied", "ies", "s", "us", "ss"]);
    const stem = suffix ? word.slice(0, -suffix.length) : word;
    switch (suffix) {
      case "sses":
        return stem + "ss";
      case "ied":
      case "ies":
        return stem + (stem.length > 1 ? "i" : "ie");
      case "s":
        return hasVowel(stem.slice(0, -1)) ? stem : word;
      default:
        return word;
    }
  }

  // Step 1b: -eed/-eedly is -ee in R1; -ed/-edly/-ing/-ingly go when the rest has a
  // vowel, and the rest is then tidied: -at/-bl/-iz gain an e, a doubled last consonant
  // is undoubled, and a short word (a short syllable, R1 empty) gains an e.
  function step1b(word, p1) {
    const suffix = longest(word, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    if (!suffix) return word;
    const stem = word.slice(0, -suffix.length);
    if (suffix.startsWith("ee")) return stem.length >= p1 ? stem + "ee" : word;
    if (!hasVowel(stem)) return word;
    if (/(at|bl|iz)$/.test(stem)) return stem + "e";
    if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(stem)) return stem.slice(0, -1);
    if (p1 >= stem.length && endsInShortSyllable(stem)) return stem + "e";
    return stem;
  }

  // Step 1c: a last y or Y is i after a non-vowel that is not the first letter.
  function step1c(word) {
    const n = word.length;
    if (n > 2 && /[yY]$/.test(word) && !isVowel(word[n - 2])) return word.slice(0, -1) + "i";
    return word;
  }

  // Step 2: derivational suffixes in R1 are replaced by shorter ones (-ational is -ate,
  // -iveness is -ive…); -ogi only after l, -li only after a letter that may end a stem
  // before -li (c d e g h k m n r t).
  const STEP2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize",
    ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al",
    alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive",
    biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "",
  };
  function step2(word, p1) {
    const suffix = longest(word, Object.keys(STEP2));
    if (!suffix) return word;
    const stem = word.slice(0, -suffix.length);
    if (stem.length < p1) return word;
    if (suffix === "ogi" && !stem.endsWith("l")) return word;
    if (suffix === "li" && !/[cdeghkmnrt]$/.test(stem)) return word;
    return stem + STEP2[suffix];
  }

  // Step 3: more derivational suffixes in R1 (-alize is -al, -ful and -ness go), and
  // -ative, which goes only in R2.
  const STEP3 = {
    tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic",
    ful: "", ness: "", ative: "",
  };
  function step3(word, p1, p2) {
    const suffix = longest(word, Object.keys(STEP3));
    if (!suffix) return word;
    const stem = word.slice(0, -suffix.length);
    if (stem.length < (suffix === "ative" ? p2 : p1)) return word;
    return stem + STEP3[suffix];
  }

  // Step 4: the suffixes of step 4 go when in R2; -ion only after s or t.
  const STEP4 = [
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
    "ate", "iti", "ous", "ive", "ize", "ion",
  ];
  function step4(word, p2) {
    const suffix = longest(word, STEP4);
    if (!suffix) return word;
    const stem = word.slice(0, -suffix.length);
    if (stem.length < p2) return word;
    if (suffix === "ion" && !/[st]$/.test(stem)) return word;
    return stem;
  }

  // Step 5: a last e goes in R2, or in R1 when what comes before it is not a short
  // syllable; a last l goes in R2 after another l.
  function step5(word, p1, p2) {
    const stem = word.slice(0, -1);
    if (word.endsWith("e")) {
      const inR2 = stem.length >= p2;
      const inR1 = stem.length >= p1 && !endsInShortSyllable(stem);
      return inR2 || inR1 ? stem : word;
    }
    if (word.endsWith("ll") && stem.length >= p2) return stem;
    return word;
  }

  function stem(original) {
    if (EXCEPTIONS.has(original)) return EXCEPTIONS.get(original);
    if (original.length < 3) return original;
    let word = prelude(original);
    // R1 is the region after the first non-vowel following a vowel (or after one of the
    // prefixes above), R2 the same region again within R1.
    const prefix = R1_PREFIXES.find((p) => word.startsWith(p));
    const p1 = prefix ? prefix.length : regionAfter(word, 0);
    const p2 = regionAfter(word, p1);
    word = step1a(word);
    if (!FINAL_AFTER_1A.has(word)) {
      word = step1b(word, p1);
      word = step1c(word);
      word = step2(word, p1);
      word = step3(word, p1, p2);
      word = step4(word, p2);
      word = step5(word, p1, p2);
    }
    return word.replace(/Y/g, "y");
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
