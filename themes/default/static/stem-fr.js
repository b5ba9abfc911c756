// French stemmer for the query side of search. The search index is stemmed
// in Rust by rust-stemmers (see src/markdown/stem.rs); this script stems the
// words the reader types so that they meet the index's stems. It follows the
// Snowball French stemming algorithm (snowballstem.org), in the revision that
// rust-stemmers 1.2.0 implements: no elision removal, and ë/ï are plain
// vowels. The test tests/suite/stemmers.rs stems every word of
// tests/fixtures/stemmers/fr.txt both ways and requires the same stem.
(() => {
  "use strict";

  const VOWELS = new Set("aeiouyâàëéêèïîôûù");
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

  // Marks letters that act as consonants by writing them in upper case, so
  // that they no longer count as vowels: u or i between two vowels, y just
  // before or after a vowel, and u after q. Letters are looked at from left
  // to right, each against its neighbours as already marked.
  function markConsonants(word) {
    const w = word.split("");
    for (let i = 0; i < w.length; i++) {
      const [c0, c1, c2] = [w[i], w[i + 1], w[i + 2]];
      if (isVowel(c0) && (c1 === "u" || c1 === "i") && isVowel(c2)) w[i + 1] = c1.toUpperCase();
      else if (isVowel(c0) && c1 === "y") w[i + 1] = "Y";
      else if (c0 === "y" && isVowel(c1)) w[i] = "Y";
      else if (c0 === "q" && c1 === "u") w[i + 1] = "U";
    }
    return w.join("");
  }

  // Start of the region after the first non-vowel that follows a vowel,
  // searching from `from`; the end of the word if there is none.
  function regionAfterVowelConsonant(word, from) {
    let i = from;
    while (i < word.length && !isVowel(word[i])) i++;
    while (i < word.length && isVowel(word[i])) i++;
    return i < word.length ? after(word, i) : word.length;
  }

  // RV: after the third letter if the word starts with two vowels; after
  // par, col or tap at the start; otherwise after the first vowel that is
  // not the first letter. R1 and R2 are the usual Snowball regions.
  function regions(word) {
    let rv = word.length;
    if (isVowel(word[0]) && isVowel(word[1]) && word.length > 2) {
      rv = after(word, 2);
    } else if (/^(par|col|tap)/.test(word)) {
      rv = 3;
    } else if (word.length > 0) {
      for (let i = after(word, 0); i < word.length; i++) {
        if (isVowel(word[i])) {
          rv = i + 1;
          break;
        }
      }
    }
    const r1 = regionAfterVowelConsonant(word, 0);
    const r2 = regionAfterVowelConsonant(word, r1);
    return { rv, r1, r2 };
  }

  const STANDARD_SUFFIXES = {
    plain: [
      "ance", "iqUe", "isme", "able", "iste", "eux",
      "ances", "iqUes", "ismes", "ables", "istes",
    ],
    agent: ["atrice", "ateur", "ation", "atrices", "ateurs", "ations"],
    logie: ["logie", "logies"],
    ution: ["usion", "ution", "usions", "utions"],
    ence: ["ence", "ences"],
    ement: ["ement", "ements"],
    ite: ["ité", "ités"],
    ive: ["if", "ive", "ifs", "ives"],
    eaux: ["eaux"],
    aux: ["aux"],
    euse: ["euse", "euses"],
    issement: ["issement", "issements"],
    amment: ["amment"],
    emment: ["emment"],
    ment: ["ment", "ments"],
  };
  const STANDARD_GROUP = new Map(
    Object.entries(STANDARD_SUFFIXES).flatMap(([group, list]) => list.map((s) => [s, group])),
  );

  // Step 1: standard suffixes (nouns, adjectives, adverbs). Takes the longest
  // listed ending and applies its rule; returns true if the rule removed or
  // replaced it. The -ment adverb endings are removed but still return false,
  // so that the verb ending they usually follow (confusément) goes in step 2.
  function standardSuffix(st) {
    const suffix = longestSuffix(st.w, STANDARD_GROUP.keys());
    if (!suffix) return false;
    const at = st.w.length - suffix.length;
    const inR1 = at >= st.r1;
    const inR2 = at >= st.r2;
    const inRV = at >= st.rv;
    switch (STANDARD_GROUP.get(suffix)) {
      case "plain": // deleted from R2
        return inR2 && st.cut(at);
      case "agent": // deleted from R2, and -ic before it
        if (!inR2) return false;
        st.cut(at);
        icBefore(st);
        return true;
      case "logie": // -log, -u, -ent from R2
        return inR2 && st.replace(suffix.length, "log");
      case "ution":
        return inR2 && st.replace(suffix.length, "u");
      case "ence":
        return inR2 && st.replace(suffix.length, "ent");
      case "ement": // deleted from RV
        if (!inRV) return false;
        st.cut(at);
        afterEment(st);
        return true;
      case "ite": // deleted from R2
        if (!inR2) return false;
        st.cut(at);
        afterIte(st);
        return true;
      case "ive": // deleted from R2, then -at from R2 and -ic before that
        if (!inR2) return false;
        st.cut(at);
        if (st.endsIn("at", st.r2)) {
          st.cut(st.w.length - 2);
          icBefore(st);
        }
        return true;
      case "eaux": // always -eau; -aux becomes -al from R1
        return st.replace(4, "eau");
      case "aux":
        return inR1 && st.replace(3, "al");
      case "euse": // deleted from R2, else -eux from R1
        if (inR2) return st.cut(at);
        return inR1 && st.replace(suffix.length, "eux");
      case "issement": // deleted from R1 after a consonant
        return inR1 && at > 0 && !isVowel(st.w[at - 1]) && st.cut(at);
      case "amment": // -ant, -ent from RV
        if (inRV) st.replace(6, "ant");
        return false;
      case "emment":
        if (inRV) st.replace(6, "ent");
        return false;
      case "ment": // deleted after a vowel in RV
        if (at > 0 && isVowel(st.w[at - 1]) && at - 1 >= st.rv) st.cut(at);
        return false;
    }
    return false;
  }

  // An -ic left in front of a removed suffix goes if it is in R2, and is
  // otherwise written iqU (as -ique would be).
  function icBefore(st) {
    if (st.endsIn("ic", st.r2)) st.cut(st.w.length - 2);
    else if (st.w.endsWith("ic")) st.replace(2, "iqU");
  }

  // What -ement(s) may leave in front of it: -iv (then -at), -eus, -abl,
  // -iqU, or -ièr which becomes i.
  function afterEment(st) {
    const before = longestSuffix(st.w, ["iv", "eus", "abl", "iqU", "ièr", "Ièr"]);
    const at = st.w.length - before.length;
    if (before === "iv") {
      if (at >= st.r2) {
        st.cut(at);
        if (st.endsIn("at", st.r2)) st.cut(st.w.length - 2);
      }
    } else if (before === "eus") {
      if (at >= st.r2) st.cut(at);
      else if (at >= st.r1) st.replace(3, "eux");
    } else if (before === "abl" || before === "iqU") {
      if (at >= st.r2) st.cut(at);
    } else if (before) {
      if (at >= st.rv) st.replace(3, "i");
    }
  }

  // What -ité(s) may leave in front of it: -abil (else abl), -ic (else
  // iqU), or -iv.
  function afterIte(st) {
    const before = longestSuffix(st.w, ["abil", "ic", "iv"]);
    const at = st.w.length - before.length;
    if (!before) return;
    if (at >= st.r2) st.cut(at);
    else if (before === "abil") st.replace(4, "abl");
    else if (before === "ic") st.replace(2, "iqU");
  }

  const I_VERB_SUFFIXES = [
    "îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais",
    "irait", "iras", "irent", "irez", "iriez", "irions", "irons", "iront", "is",
    "issaIent", "issais", "issait", "issant", "issante", "issantes", "issants",
    "isse", "issent", "isses", "issez", "issiez", "issions", "issons", "it",
  ];

  // Step 2a: endings of verbs like finir, found inside RV, removed when the
  // letter before them is a consonant that is also inside RV.
  function iVerbSuffix(st) {
    const suffix = longestSuffix(st.w, I_VERB_SUFFIXES, st.rv);
    const at = st.w.length - suffix.length;
    return Boolean(suffix) && at - 1 >= st.rv && !isVowel(st.w[at - 1]) && st.cut(at);
  }

  const OTHER_VERB_SUFFIXES = [
    "é", "ée", "ées", "és", "èrent", "er", "era", "erai", "eraIent", "erais", "erait",
    "eras", "erez", "eriez", "erions", "erons", "eront", "ez", "iez",
  ];
  const A_VERB_SUFFIXES = [
    "âmes", "ât", "âtes", "a", "ai", "aIent", "ais", "ait", "ant", "ante", "antes",
    "ants", "as", "asse", "assent", "asses", "assiez", "assions",
  ];

  // Step 2b: the other verb endings, inside RV. -ions goes only from R2;
  // after an a- ending, an e just before it (still in RV) goes too.
  function verbSuffix(st) {
    const suffix = longestSuffix(st.w, ["ions", ...OTHER_VERB_SUFFIXES, ...A_VERB_SUFFIXES], st.rv);
    const at = st.w.length - suffix.length;
    if (!suffix) return false;
    if (suffix === "ions") return at >= st.r2 && st.cut(at);
    st.cut(at);
    if (A_VERB_SUFFIXES.includes(suffix) && st.endsIn("e", st.rv)) st.cut(at - 1);
    return true;
  }

  // Step 3, after steps 1-2 changed the word: a final Y becomes i again and
  // a final ç becomes c.
  function finalLetter(st) {
    if (st.w.endsWith("Y")) st.replace(1, "i");
    else if (st.w.endsWith("ç")) st.replace(1, "c");
  }

  // Step 4, when steps 1-2 changed nothing: residual suffixes. A plural s
  // goes unless it follows a, i, o, u, è or s; then, inside RV: -ion after s
  // or t (from R2), -ier/-ière become i, a final e goes, and ë goes after gu.
  function residualSuffix(st) {
    const n = st.w.length;
    if (n >= 2 && st.w[n - 1] === "s" && !"aiouès".includes(st.w[n - 2])) st.cut(n - 1);
    const suffix = longestSuffix(st.w, ["ion", "ier", "ière", "Ier", "Ière", "e", "ë"], st.rv);
    const at = st.w.length - suffix.length;
    const prev = st.w[at - 1];
    if (suffix === "ion") {
      if (at >= st.r2 && at - 1 >= st.rv && (prev === "s" || prev === "t")) st.cut(at);
    } else if (suffix === "e") {
      st.cut(at);
    } else if (suffix === "ë") {
      if (at - 2 >= st.rv && st.w.slice(at - 2, at) === "gu") st.cut(at);
    } else if (suffix) {
      st.replace(suffix.length, "i");
    }
  }

  // Step 5: undoubling. A word ending enn, onn, ett, ell or eill loses its
  // last letter.
  function undouble(st) {
    if (longestSuffix(st.w, ["enn", "onn", "ett", "ell", "eill"])) st.cut(st.w.length - 1);
  }

  // Step 6: un-accenting. An é or è followed only by consonants (at least
  // one) at the end of the word becomes e.
  function unaccent(st) {
    let i = st.w.length;
    while (i > 0 && !isVowel(st.w[i - 1])) i--;
    if (i < st.w.length && (st.w[i - 1] === "é" || st.w[i - 1] === "è")) {
      st.w = st.w.slice(0, i - 1) + "e" + st.w.slice(i);
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
    };
  }

  window.prepressStem = (word) => {
    const st = state(markConsonants(word));
    if (standardSuffix(st) || iVerbSuffix(st) || verbSuffix(st)) finalLetter(st);
    else residualSuffix(st);
    undouble(st);
    unaccent(st);
    // Back to lower case for the letters marked as consonants.
    return st.w.replace(/[IUY]/g, (c) => c.toLowerCase());
  };
})();
