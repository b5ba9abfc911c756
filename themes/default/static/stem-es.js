// Spanish stemming for the search page: the query side of search stemming. The index
// side stems the course's text with rust-stemmers in `src/markdown/stem.rs`; a query word
// must come out with the very stem its forms got there, so this is a port of the same
// Snowball "spanish" algorithm (the revision rust-stemmers 1.2.0 follows, without the
// rules for missing accents that Snowball added later). `tests/suite/stemmers.rs`
// compares the two word by word on `tests/fixtures/stemmers/es.txt`.
(() => {
  "use strict";

  const VOWELS = "aeiouáéíóúü";
  const isVowel = (ch) => VOWELS.includes(ch);
  const ACCENTS = { á: "a", é: "e", í: "i", ó: "o", ú: "u" };
  const unaccent = (text) => text.replace(/[áéíóú]/g, (ch) => ACCENTS[ch]);

  const PRONOUNS = [
    "me", "se", "sela", "selo", "selas", "selos", "la", "le", "lo", "las", "les", "los", "nos",
  ];
  // The verb endings a pronoun may hang on to (infinitive and gerund).
  const BEFORE_PRONOUN = ["iéndo", "ándo", "ár", "ér", "ír", "ando", "iendo", "ar", "er", "ir", "yendo"];
  const Y_VERB = ["ya", "ye", "yan", "yen", "yeron", "yendo", "yo", "yó", "yas", "yes", "yais", "yamos"];
  const VERB_AFTER_GU = ["en", "es", "éis", "emos"];
  const VERB = [
    "arían", "arías", "arán", "arás", "aríais", "aría", "aréis", "aríamos", "aremos", "ará",
    "aré", "erían", "erías", "erán", "erás", "eríais", "ería", "eréis", "eríamos", "eremos",
    "erá", "eré", "irían", "irías", "irán", "irás", "iríais", "iría", "iréis", "iríamos",
    "iremos", "irá", "iré", "aba", "ada", "ida", "ía", "ara", "iera", "ad", "ed", "id", "ase",
    "iese", "aste", "iste", "an", "aban", "ían", "aran", "ieran", "asen", "iesen", "aron",
    "ieron", "ado", "ido", "ando", "iendo", "ió", "ar", "er", "ir", "as", "abas", "adas",
    "idas", "ías", "aras", "ieras", "ases", "ieses", "ís", "áis", "abais", "íais", "arais",
    "ierais", "aseis", "ieseis", "asteis", "isteis", "ados", "idos", "amos", "ábamos",
    "íamos", "imos", "áramos", "iéramos", "iésemos", "ásemos",
  ];
  const RESIDUAL = ["os", "a", "o", "á", "í", "ó"];
  const RESIDUAL_AFTER_GU = ["e", "é"];

  // The longest of `suffixes` that `word` ends with and that starts at or after offset
  // `from` (a region's start), or null.
  function longestSuffix(word, suffixes, from = 0) {
    let found = null;
    for (const suffix of suffixes) {
      if (
        word.endsWith(suffix) &&
        word.length - suffix.length >= from &&
        (found === null || suffix.length > found.length)
      ) {
        found = suffix;
      }
    }
    return found;
  }

  // Where RV, R1 and R2 start (as string offsets). RV: when the second letter is a
  // consonant, after the next vowel; when the first two are vowels, after the next
  // consonant; else (consonant then vowel) after the third letter. R1 follows the first
  // non-vowel after a vowel; R2 is found the same way again inside R1. A region that
  // cannot be found is empty (it starts at the end).
  function regions(word) {
    const chars = Array.from(word);
    const end = chars.length;
    // The index just past the first letter from `i` on that passes `test`, or the end.
    const past = (i, test) => {
      for (let j = i; j < end; j++) if (test(chars[j])) return j + 1;
      return end;
    };
    const consonant = (ch) => !isVowel(ch);
    let rv = end;
    if (end >= 2) {
      if (consonant(chars[1])) rv = past(2, isVowel);
      else if (isVowel(chars[0])) rv = past(2, consonant);
      else rv = Math.min(3, end);
    }
    const r1 = past(past(0, isVowel), consonant);
    const r2 = past(past(r1, isVowel), consonant);
    // As string offsets: a letter outside the BMP takes two.
    const offset = (i) => chars.slice(0, i).join("").length;
    return { rv: offset(rv), r1: offset(r1), r2: offset(r2) };
  }

  // Step 0: a pronoun fastened to an infinitive or gerund (dándole, hacerlo,
  // diciéndoselas) goes when the verb ending lies in RV; an accent that the pronoun put
  // on the verb ending goes with it. A plain -yendo counts only after a u (the u may lie
  // before RV); the accented -yéndo is not listed, so construyéndolo keeps its pronoun.
  function attachedPronoun(word, { rv }) {
    const pronoun = longestSuffix(word, PRONOUNS);
    if (pronoun === null) return word;
    const verb = word.slice(0, -pronoun.length);
    const ending = longestSuffix(verb, BEFORE_PRONOUN);
    if (ending === null || verb.length - ending.length < rv) return word;
    if (ending === "yendo" && !verb.slice(0, -ending.length).endsWith("u")) return word;
    return verb.slice(0, -ending.length) + unaccent(ending);
  }

  // Step 1: standard suffixes (nouns, adjectives, adverbs), each group with its own
  // region and follow-up. The longest suffix decides; null when nothing is removed.
  const STANDARD = [
    {
      // -anza, -ismo, -able, -ista, -oso, -amiento… in R2.
      suffixes: [
        "anza", "anzas", "ico", "ica", "icos", "icas", "ismo", "ismos", "able", "ables",
        "ible", "ibles", "ista", "istas", "oso", "osa", "osos", "osas", "amiento",
        "amientos", "imiento", "imientos",
      ],
      apply: (stem) => stem,
    },
    {
      // -ador, -ación, -ante, -ancia in R2, with an -ic- before them also in R2.
      suffixes: [
        "adora", "ador", "ación", "adoras", "adores", "aciones", "ante", "antes", "ancia",
        "ancias",
      ],
      apply: (stem, r) => dropInR2(stem, r, ["ic"]),
    },
    // -logía becomes -log, -ución -u, -encia -ente; all in R2.
    { suffixes: ["logía", "logías"], apply: (stem) => stem + "log" },
    { suffixes: ["ución", "uciones"], apply: (stem) => stem + "u" },
    { suffixes: ["encia", "encias"], apply: (stem) => stem + "ente" },
    {
      // -amente needs only R1; then -iv- (with -at- before it) or -os-, -ic-, -ad- in R2.
      suffixes: ["amente"],
      region: "r1",
      apply: (stem, r) => {
        if (stem.endsWith("iv") && stem.length - 2 >= r.r2) {
          return dropInR2(stem.slice(0, -2), r, ["at"]);
        }
        return dropInR2(stem, r, ["os", "ic", "ad"]);
      },
    },
    {
      // -mente in R2, with -ante-, -able-, -ible- before it also in R2.
      suffixes: ["mente"],
      apply: (stem, r) => dropInR2(stem, r, ["ante", "able", "ible"]),
    },
    {
      // -idad in R2, with -abil-, -ic-, -iv- before it also in R2.
      suffixes: ["idad", "idades"],
      apply: (stem, r) => dropInR2(stem, r, ["abil", "ic", "iv"]),
    },
    {
      // -ivo in R2, with -at- before it also in R2.
      suffixes: ["iva", "ivo", "ivas", "ivos"],
      apply: (stem, r) => dropInR2(stem, r, ["at"]),
    },
  ];

  // Drops from `stem` the longest of `suffixes` it ends with, if that lies in R2.
  function dropInR2(stem, r, suffixes) {
    const suffix = longestSuffix(stem, suffixes);
    if (suffix === null || stem.length - suffix.length < r.r2) return stem;
    return stem.slice(0, -suffix.length);
  }

  // The longest standard suffix of `word`, removed when it lies in its group's region
  // (R2, or R1 for -amente), and its group's follow-up done; else null.
  function standardSuffix(word, r) {
    const all = STANDARD.flatMap((group) => group.suffixes);
    const suffix = longestSuffix(word, all);
    if (suffix === null) return null;
    const group = STANDARD.find((g) => g.suffixes.includes(suffix));
    const stem = word.slice(0, -suffix.length);
    if (stem.length < r[group.region || "r2"]) return null;
    return group.apply(stem, r);
  }

  // Step 2a, when step 1 removed nothing: a verb ending in y (-yendo, -yeron, -yó…) in
  // RV, only after a u (which may lie before RV): construyendo, huyó.
  function yVerbSuffix(word, { rv }) {
    const suffix = longestSuffix(word, Y_VERB, rv);
    if (suffix === null) return null;
    const stem = word.slice(0, -suffix.length);
    return stem.endsWith("u") ? stem : null;
  }

  // Step 2b, when step 2a removed nothing either: the other verb endings in RV. After
  // -en, -es, -éis, -emos a preceding gu loses its u (sigues, lleguen).
  function verbSuffix(word, { rv }) {
    const suffix = longestSuffix(word, VERB_AFTER_GU.concat(VERB), rv);
    if (suffix === null) return word;
    const stem = word.slice(0, -suffix.length);
    return VERB_AFTER_GU.includes(suffix) && stem.endsWith("gu") ? stem.slice(0, -1) : stem;
  }

  // Step 3: a residual vowel ending in RV: -os, -a, -o, -á, -í, -ó; or -e, -é, and then a
  // u in RV after a g (llegue: lleg).
  function residualSuffix(word, { rv }) {
    const suffix = longestSuffix(word, RESIDUAL.concat(RESIDUAL_AFTER_GU));
    if (suffix === null || word.length - suffix.length < rv) return word;
    const stem = word.slice(0, -suffix.length);
    if (RESIDUAL_AFTER_GU.includes(suffix) && stem.endsWith("gu") && stem.length - 1 >= rv) {
      return stem.slice(0, -1);
    }
    return stem;
  }

  window.prepressStem = (word) => {
    const r = regions(word);
    let stem = attachedPronoun(word, r);
    stem = standardSuffix(stem, r) ?? yVerbSuffix(stem, r) ?? verbSuffix(stem, r);
    stem = residualSuffix(stem, r);
    // Last, the acute accents go (ü and ñ stay).
    return unaccent(stem);
  };
})();
