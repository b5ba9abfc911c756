// Arabic stemming for the search page: the query side of search stemming. The index
// side stems with rust-stemmers (`src/markdown/stem.rs`); this script is a port of the same
// Snowball algorithm, the Arabic light stemmer of Assem Chelli and Abdelkrim Aries
// (snowballstem.org, "Arabic stemming algorithm"), so that a word typed in the search
// box meets the term the index holds. `tests/suite/stemmers.rs` compares the two word
// by word over `tests/fixtures/stemmers/ar.txt`.
//
// The algorithm guesses from the start of the word whether it is a noun with the
// definite article, normalises the letters, cuts the endings (those of verbs, else
// those of nouns), then the beginnings, and last writes each hamza seat as its plain
// letter. A length condition counts the letters of the whole word as it is at that
// moment. Snowball works with a cursor, and a few steps start where the step before
// left it rather than at the edge of the word: the code keeps that cursor (`at`) so as
// to give the same stems in those corners too.
(() => {
  "use strict";

  // The affixes of one step: for each, the length the word must have for it to be cut
  // and what it becomes (nothing, unless said otherwise). Letters are code points.
  const rule = (entries) =>
    entries.flatMap(([minLength, affixes, becomes = ""]) =>
      affixes.split(" ").map((affix) => ({
        letters: Array.from(affix),
        minLength,
        becomes: Array.from(becomes),
      })),
    );

  // The longest affix of `table` that stands in the letters `w` from the index
  // `startOf(its length)` on, or undefined. As in Snowball only the longest counts:
  // when the word is too short for it, no shorter one is tried instead.
  function longest(w, table, startOf) {
    let found;
    for (const affix of table) {
      if (found && affix.letters.length <= found.letters.length) continue;
      const from = startOf(affix.letters.length);
      if (from >= 0 && affix.letters.every((letter, i) => w[from + i] === letter)) {
        found = affix;
      }
    }
    return found;
  }

  // Cut (or rewrite) the longest ending of `table` that ends at the cursor, if the word
  // is long enough; the cursor then stands where the ending began.
  function cutEnding(s, table) {
    const ending = longest(s.w, table, (length) => s.at - length);
    if (!ending || s.w.length < ending.minLength) return false;
    s.at -= ending.letters.length;
    s.w.splice(s.at, ending.letters.length, ...ending.becomes);
    return true;
  }

  // Cut (or rewrite) the longest beginning of `table` that starts at the cursor, if the
  // word is long enough and `allowed(index after it)` holds; the cursor then stands
  // after what replaced it.
  function cutBeginning(s, table, allowed = () => true) {
    const beginning = longest(s.w, table, () => s.at);
    if (!beginning || s.w.length < beginning.minLength) return false;
    if (!allowed(s.at + beginning.letters.length)) return false;
    s.w.splice(s.at, beginning.letters.length, ...beginning.becomes);
    s.at += beginning.becomes.length;
    return true;
  }

  // Checks1: a word that starts with the article (ال, لل, بال, كال) and is long enough
  // is taken for a defined noun; any other may be a noun or a verb. This reads the word
  // as written, before its diacritics are removed.
  const ARTICLE_CHECK = rule([[5, "بال كال"], [4, "لل ال"]]);
  function guessWordType(s) {
    const article = longest(s.w, ARTICLE_CHECK, () => 0);
    if (article && s.w.length >= article.minLength) {
      s.noun = true;
      s.verb = false;
      s.defined = true;
    }
  }

  // Normalize_pre: drop the short vowels, tanween, shadda and sukun (U+064B to U+0652),
  // the tatweel that stretches a word (U+0640) and punctuation marks; write Arabic-Indic
  // digits as ASCII ones, and each presentation form (U+FE80 to U+FEFC: a letter as
  // shaped at the start, middle or end of a word, or a lam-alef ligature) as its plain
  // letter(s). The current description keeps punctuation (a change of December 2016);
  // rust-stemmers 1.2.0 follows the earlier one, which removes these marks.
  const PUNCTUATION = new Set(Array.from('!"%*,./:;?\\،؛؟٪٫٬'));
  function normaliseLetters(s) {
    s.w = s.w.flatMap((letter) => {
      const code = letter.codePointAt(0);
      if ((code >= 0x064b && code <= 0x0652) || code === 0x0640) return [];
      if (PUNCTUATION.has(letter)) return [];
      if (code >= 0x0660 && code <= 0x0669) return [String(code - 0x0660)];
      if (code >= 0xfe80 && code <= 0xfefc) return Array.from(letter.normalize("NFKC"));
      return [letter];
    });
  }

  // Suffix_Verb_Step1: object pronouns (him, you, me, us, them…).
  const VERB_OBJECT = rule([[4, "ه ك"], [5, "ني نا ها هم هن كم كن"], [6, "هما كما كمو"]]);
  // Suffix_Verb_Step2a: subject endings of the past (ت, تا, تن, تما, نا) and present
  // (ان, ون, ين) tenses, and the single letters ا, ن, ي.
  const VERB_SUBJECT = rule([[4, "ت ا ن ي"], [5, "نا تا تن"], [6, "ان ون ين تما"]]);
  // Suffix_Verb_Step2b: the plural endings وا and تم.
  const VERB_PLURAL = rule([[5, "وا تم"]]);
  // Suffix_Verb_Step2c: the plural و, and تمو as it stands before a pronoun.
  const VERB_WAW = rule([[4, "و"], [6, "تمو"]]);

  // The endings of a word that may be a verb: object pronouns, as many as there are,
  // then maybe a subject ending; else a plural or a subject ending alone.
  function stripVerbSuffixes(s) {
    if (!cutEnding(s, VERB_OBJECT)) {
      return cutEnding(s, VERB_PLURAL) || cutEnding(s, VERB_SUBJECT);
    }
    while (cutEnding(s, VERB_OBJECT));
    // The algorithm ends with "or next" (step the cursor back a letter): nothing reads
    // the cursor after it, so with or without an ending this part has succeeded.
    if (!cutEnding(s, VERB_SUBJECT)) cutEnding(s, VERB_WAW);
    return true;
  }

  // Suffix_Noun_Step1a: possessive pronouns (my, your, his, her, our, their…).
  const NOUN_POSSESSIVE = rule([[4, "ي ك ه"], [5, "نا كم ها هن هم"], [6, "كما هما"]]);
  // Suffix_Noun_Step1b: the ن of the dual and plural endings ان, ين, ون.
  const NOUN_NOON = rule([[6, "ن"]]);
  // Suffix_Noun_Step2a: a long vowel (ا, ي, و), as left before that ن.
  const NOUN_VOWEL = rule([[5, "ا ي و"]]);
  // Suffix_Noun_Step2b: the feminine plural ات.
  const NOUN_FEMININE_PLURAL = rule([[5, "ات"]]);
  // Suffix_Noun_Step2c1: the ت that ة becomes before a pronoun (مقابلته).
  const NOUN_TEH = rule([[4, "ت"]]);
  // Suffix_Noun_Step2c2: the feminine ending ة.
  const NOUN_TEH_MARBUTA = rule([[4, "ة"]]);
  // Suffix_Noun_Step3: the ي of relation (nisba: عربي).
  const NOUN_NISBA = rule([[3, "ي"]]);

  const cutNounEnding = (s) =>
    cutEnding(s, NOUN_VOWEL) || cutEnding(s, NOUN_FEMININE_PLURAL) || cutEnding(s, NOUN_TEH);

  // The first of these that applies: ة; or (not after the article) a possessive
  // pronoun and the ending before it; or the ن of ان/ين/ون with the ending before it;
  // or (not after the article) a long vowel; or ات.
  function cutNounEndings(s) {
    if (cutEnding(s, NOUN_TEH_MARBUTA)) return;
    if (!s.defined && cutEnding(s, NOUN_POSSESSIVE)) {
      // With no ending before the pronoun the algorithm steps back a letter ("next"),
      // so the nisba step then reads the letter before the last.
      if (!cutNounEnding(s)) s.at -= 1;
      return;
    }
    // A ن with no ending before it stays cut, and the next alternatives are tried.
    if (cutEnding(s, NOUN_NOON) && cutNounEnding(s)) return;
    if (!s.defined && cutEnding(s, NOUN_VOWEL)) return;
    cutEnding(s, NOUN_FEMININE_PLURAL);
  }

  // Suffix_All_alef_maqsura: a final ى is written ي.
  const ALEF_MAQSURA = rule([[0, "ى", "ي"]]);

  // The endings, from the end of the word: those of a verb; else those of a noun, which
  // count as done only if a nisba ي is then cut; else a final alef maqsura, on the word
  // as the noun steps left it.
  function stripSuffixes(s) {
    s.at = s.w.length;
    if (s.verb && stripVerbSuffixes(s)) return;
    if (s.noun) {
      cutNounEndings(s);
      if (cutEnding(s, NOUN_NISBA)) return;
    }
    s.at = s.w.length;
    cutEnding(s, ALEF_MAQSURA);
  }

  // Prefix_Step1: a doubled hamza seat at the start (أأ, أآ, أؤ, أا, أإ) keeps one.
  const DOUBLE_HAMZA = rule([[4, "أأ أؤ", "أ"], [4, "أآ", "آ"], [4, "أا", "ا"], [4, "أإ", "إ"]]);
  // Prefix_Step2: the conjunctions و (and) and ف (so), when no alef follows.
  const CONJUNCTION = rule([[4, "و ف"]]);
  // Prefix_Step3a_Noun: the article, alone or after the prepositions ب, ك, ل.
  const ARTICLE = rule([[6, "بال كال"], [5, "لل ال"]]);
  // Prefix_Step3b_Noun: the preposition ب (with), and a doubled ب or ك; a word that
  // starts with با keeps its ب (the step succeeds there without a change).
  const PREPOSITION = rule([[0, "با", "با"], [4, "ب"], [4, "بب", "ب"], [4, "كك", "ك"]]);
  // Prefix_Step3_Verb: the future prefix س before a prefix of the present tense.
  const FUTURE = rule([[5, "سي", "ي"], [5, "ست", "ت"], [5, "سن", "ن"], [5, "سأ", "أ"]]);
  // Prefix_Step4_Verb: the present of the tenth form (يست, نست, تست) becomes است.
  // (It also marks the word as a verb, which no later step reads.)
  const TENTH_FORM = rule([[5, "يست نست تست", "است"]]);

  // The beginnings, from the start of the word. After a rewrite the cursor stands after
  // the new letters and the next steps look there: once أأ has become أ, the conjunction
  // and the article are looked for after that أ; once سي has become ي, the tenth form
  // after that ي.
  function stripPrefixes(s) {
    s.at = 0;
    cutBeginning(s, DOUBLE_HAMZA);
    cutBeginning(s, CONJUNCTION, (after) => s.w[after] !== "ا");
    if (cutBeginning(s, ARTICLE)) return;
    if (s.noun && cutBeginning(s, PREPOSITION)) return;
    if (s.verb) {
      cutBeginning(s, FUTURE);
      cutBeginning(s, TENTH_FORM);
    }
  }

  // Normalize_post: a hamza seat at the very end becomes a bare hamza (ء); any other
  // becomes its letter (أ, إ, آ as ا; ؤ as و; ئ as ي).
  const SEATS = { "أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي" };
  function normaliseHamza(s) {
    const last = s.w.length - 1;
    if (SEATS[s.w[last]]) s.w[last] = "ء";
    s.w = s.w.map((letter) => SEATS[letter] || letter);
  }

  window.prepressStem = (word) => {
    const s = { w: Array.from(word), at: 0, noun: true, verb: true, defined: false };
    guessWordType(s);
    normaliseLetters(s);
    stripSuffixes(s);
    stripPrefixes(s);
    normaliseHamza(s);
    return s.w.join("");
  };
})();
