// Portuguese stemmer for the query side of search. The search index is
// stemmed in Rust by rust-stemmers (see src/markdown/stem.rs); this script stems
// the words the reader types so that they meet the index's stems. It follows
// the Snowball Portuguese stemming algorithm (snowballstem.org), in the
// revision that rust-stemmers 1.2.0 implements. The test
// tests/suite/stemmers.rs stems every word of tests/fixtures/stemmers/pt.txt
// both ways and requires the same stem.
(() => {
  "use strict";

  const VOWELS = new Set("aeiouáéíóúâêô");
  const isVowel = (ch) => VOWELS.has(ch);

  // Index just past the character that starts at i (a character outside the
  // Basic Multilingual Plane takes two code units).
  const after = (word, i) => i + (word.codePointAt(i) > 0xffff ? 2 : 1);

  // The longest of `suffixes` that ends `word` and starts at or after `limit`.
  const longestSuffix = (word, suffixes, limit = 0) => {
    let best = "";
    for (const s of suffixes) {
      if (s.length > best.length && word.length - s.length >= limit && word.endsWith(s)) best = s;
    }
    return best;
  };

  // Index just past the first letter at or after `from` that passes `test`,
  // or -1 if there is none.
  function pastFirst(word, from, test) {
    for (let i = from; i < word.length; i = after(word, i)) {
      if (test(word[i])) return after(word, i);
    }
    return -1;
  }
  const consonant = (ch) => !isVowel(ch);

  // RV as in the Spanish stemmer: if the second letter is a consonant, the
  // region after the next vowel; if the first two letters are vowels, the
  // region after the next consonant; otherwise (consonant then vowel) the
  // region after the third letter. R1 is the region after the first
  // consonant that follows a vowel, and R2 the same region taken within R1.
  function regions(word) {
    let rv = word.length;
    const second = after(word, 0);
    if (second < word.length) {
      const third = after(word, second);
      if (!isVowel(word[second])) rv = pastFirst(word, third, isVowel);
      else if (isVowel(word[0])) rv = pastFirst(word, third, consonant);
      else if (third < word.length) rv = after(word, third);
    }
    const r1 = regionAfterVowelConsonant(word, 0);
    const r2 = regionAfterVowelConsonant(word, r1);
    return { rv: rv < 0 ? word.length : rv, r1, r2 };
  }

  // Start of the region after the first consonant that follows a vowel,
  // searching from `from`; the end of the word if there is none.
  function regionAfterVowelConsonant(word, from) {
    const pastVowel = pastFirst(word, from, isVowel);
    const pastConsonant = pastVowel < 0 ? -1 : pastFirst(word, pastVowel, consonant);
    return pastConsonant < 0 ? word.length : pastConsonant;
  }

  const STANDARD_SUFFIXES = {
    plain: [
      "eza", "ezas", "ico", "ica", "icos", "icas", "ismo", "ismos", "ável", "ível",
      "ista", "istas", "oso", "osa", "osos", "osas", "amento", "amentos", "imento",
      "imentos", "adora", "ador", "aça~o", "adoras", "adores", "aço~es", "ante",
      "antes", "ância",
    ],
    logia: ["logia", "logias"],
    ucao: ["uça~o", "uço~es"],
    encia: ["ência", "ências"],
    amente: ["amente"],
    mente: ["mente"],
    idade: ["idade", "idades"],
    iva: ["iva", "ivo", "ivas", "ivos"],
    ira: ["ira", "iras"],
  };
  const STANDARD_GROUP = new Map(
    Object.entries(STANDARD_SUFFIXES).flatMap(([group, list]) => list.map((s) => [s, group])),
  );

  // Step 1: standard suffixes (nouns, adjectives, adverbs). Takes the longest
  // listed ending and applies its rule; returns true if the rule removed or
  // replaced it.
  function standardSuffix(st) {
    const suffix = longestSuffix(st.w, STANDARD_GROUP.keys());
    if (!suffix) return false;
    const at = st.w.length - suffix.length;
    const inR2 = at >= st.r2;
    switch (STANDARD_GROUP.get(suffix)) {
      case "plain": // deleted from R2
        return inR2 && st.cut(at);
      case "logia": // -log, -u, -ente from R2
        return inR2 && st.replace(suffix.length, "log");
      case "ucao":
        return inR2 && st.replace(suffix.length, "u");
      case "encia":
        return inR2 && st.replace(suffix.length, "ente");
      case "amente":
        // The adverb ending goes from R1; then -iv (and -at before it),
        // -os, -ic or -ad goes too if in R2.
        if (at < st.r1) return false;
        st.cut(at);
        if (st.cutFromR2(["iv", "os", "ic", "ad"]) === "iv") st.cutFromR2(["at"]);
        return true;
      case "mente": // deleted from R2, and -ante, -avel, -ível before it
        if (!inR2) return false;
        st.cut(at);
        st.cutFromR2(["ante", "avel", "ível"]);
        return true;
      case "idade": // deleted from R2, and -abil, -ic, -iv before it
        if (!inR2) return false;
        st.cut(at);
        st.cutFromR2(["abil", "ic", "iv"]);
        return true;
      case "iva": // deleted from R2, and -at before it
        if (!inR2) return false;
        st.cut(at);
        st.cutFromR2(["at"]);
        return true;
      case "ira":
        // -eira(s) is a noun ending: keep the ir.
        return at >= st.rv && st.w[at - 1] === "e" && st.replace(suffix.length, "ir");
    }
    return false;
  }

  const VERB_SUFFIXES = [
    "ada", "ida", "ia", "aria", "eria", "iria", "ará", "ara", "erá", "era", "irá",
    "ava", "asse", "esse", "isse", "aste", "este", "iste", "ei", "arei", "erei",
    "irei", "am", "iam", "ariam", "eriam", "iriam", "aram", "eram", "iram", "avam",
    "em", "arem", "erem", "irem", "assem", "essem", "issem", "ado", "ido", "ando",
    "endo", "indo", "ara~o", "era~o", "ira~o", "ar", "er", "ir", "as", "adas",
    "idas", "ias", "arias", "erias", "irias", "arás", "aras", "erás", "eras",
    "irás", "avas", "es", "ardes", "erdes", "irdes", "ares", "eres", "ires",
    "asses", "esses", "isses", "astes", "estes", "istes", "is", "ais", "eis",
    "íeis", "aríeis", "eríeis", "iríeis", "áreis", "areis", "éreis", "ereis",
    "íreis", "ireis", "ásseis", "ésseis", "ísseis", "áveis", "ados", "idos",
    "ámos", "amos", "íamos", "aríamos", "eríamos", "iríamos", "áramos", "éramos",
    "íramos", "ávamos", "emos", "aremos", "eremos", "iremos", "ássemos", "êssemos",
    "íssemos", "imos", "armos", "ermos", "irmos", "eu", "iu", "ou", "ira", "iras",
  ];

  // Step 2, if step 1 changed nothing: the longest verb ending inside RV
  // is deleted.
  function verbSuffix(st) {
    const suffix = longestSuffix(st.w, VERB_SUFFIXES, st.rv);
    return Boolean(suffix) && st.cut(st.w.length - suffix.length);
  }

  // Step 3, after step 1 or 2 changed the word: a final i in RV goes when a
  // c comes before it.
  function iAfterC(st) {
    if (st.endsIn("i", st.rv) && st.w.endsWith("ci")) st.cut(st.w.length - 1);
  }

  // Step 4, if steps 1-2 changed nothing: a final vowel or -os in RV goes.
  function residualSuffix(st) {
    const suffix = longestSuffix(st.w, ["os", "a", "i", "o", "á", "í", "ó"], st.rv);
    if (suffix) st.cut(st.w.length - suffix.length);
  }

  // Step 5, always: a final e, é or ê in RV goes, and then the u of -gu or
  // the i of -ci, if in RV, goes with it; a final ç becomes c.
  function residualForm(st) {
    if (st.w.endsWith("ç")) {
      st.replace(1, "c");
    } else if (longestSuffix(st.w, ["e", "é", "ê"], st.rv)) {
      st.cut(st.w.length - 1);
      const guOrCi = st.w.endsWith("gu") || st.w.endsWith("ci");
      if (guOrCi && st.w.length - 1 >= st.rv) st.cut(st.w.length - 1);
    }
  }

  // The word being stemmed, its regions, and the edits the steps make at
  // its end. cut and replace return true so that rules can chain them.
  function state(word) {
    return {
      w: word,
      ...regions(word),
      cut(at) {
        this.w = this.w.slice(0, at);
        return true;
      },
      replace(length, by) {
        this.w = this.w.slice(0, this.w.length - length) + by;
        return true;
      },
      endsIn(suffix, limit) {
        return this.w.endsWith(suffix) && this.w.length - suffix.length >= limit;
      },
      // Deletes the longest of `suffixes` ending the word if it lies in R2;
      // returns the one deleted, or "".
      cutFromR2(suffixes) {
        const suffix = longestSuffix(this.w, suffixes);
        const at = this.w.length - suffix.length;
        return suffix && at >= this.r2 && this.cut(at) ? suffix : "";
      },
    };
  }

  window.prepressStem = (word) => {
    // ã and õ are a vowel followed by a nasal sign: write them as a~ and o~,
    // where ~ counts as a consonant, while stemming.
    const st = state(word.replace(/ã/g, "a~").replace(/õ/g, "o~"));
    if (standardSuffix(st) || verbSuffix(st)) iAfterC(st);
    else residualSuffix(st);
    residualForm(st);
    return st.w.replace(/a~/g, "ã").replace(/o~/g, "õ");
  };
})();
