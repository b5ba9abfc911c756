// Russian stemming for the search page: the query side of search stemming. The index
// side stems the course's text with rust-stemmers in `src/markdown/stem.rs`; a query word
// must come out with the very stem its forms got there, so this is a port of the same
// Snowball "russian" algorithm, in the revision rust-stemmers 1.2.0 follows: there ё is
// left as written and counts as a consonant (later revisions first turn it into е).
// `tests/suite/stemmers.rs` compares the two word by word on
// `tests/fixtures/stemmers/ru.txt`.
(() => {
  "use strict";

  const VOWELS = "аеиоуыэюя";
  const isVowel = (ch) => VOWELS.includes(ch);

  // The suffix classes. Those in a `..._AFTER_A` list count only right after а or я
  // (which stays, and must lie in RV too); the others count wherever they end RV.
  const GERUND_AFTER_A = ["в", "вши", "вшись"];
  const GERUND = ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"];
  const ADJECTIVE = [
    "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым",
    "ом", "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
  ];
  const PARTICIPLE_AFTER_A = ["ем", "нн", "вш", "ющ", "щ"];
  const PARTICIPLE = ["ивш", "ывш", "ующ"];
  const REFLEXIVE = ["ся", "сь"];
  const VERB_AFTER_A = [
    "ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны",
    "ть", "ешь", "нно",
  ];
  const VERB = [
    "ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл",
    "им", "ым", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить",
    "ыть", "ишь", "ую", "ю",
  ];
  const NOUN = [
    "а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей",
    "ой", "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях",
    "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я",
  ];
  const SUPERLATIVE = ["ейш", "ейше"];
  const DERIVATIONAL = ["ост", "ость"];

  // The longest of `suffixes` that `text` ends with, or null.
  function longestSuffix(text, suffixes) {
    let found = null;
    for (const suffix of suffixes) {
      if (text.endsWith(suffix) && (found === null || suffix.length > found.length)) {
        found = suffix;
      }
    }
    return found;
  }

  // Where RV and R2 start (as string offsets). RV follows the first vowel. R1 follows
  // the first non-vowel after a vowel; R2 is found the same way again inside R1.
  function regions(word) {
    let rv = word.length;
    let r2 = word.length;
    let offset = 0;
    let stage = 0; // 0: seek a vowel (RV), 1: a non-vowel (R1), 2: a vowel, 3: a non-vowel (R2)
    for (const ch of word) {
      offset += ch.length;
      if (stage % 2 === 0 ? isVowel(ch) : !isVowel(ch)) {
        if (stage === 0) rv = offset;
        if (stage === 3) {
          r2 = offset;
          break;
        }
        stage += 1;
      }
    }
    return { rv, r2 };
  }

  // Removes the longest suffix of `text` among both lists: one of `afterA` only when
  // а or я precedes it. Gives the shortened text, or null when nothing was removed (the
  // longest suffix decides: a shorter one is not tried in its place).
  function removeClass(text, afterA, anywhere) {
    const suffix = longestSuffix(text, afterA.concat(anywhere));
    if (suffix === null) return null;
    const rest = text.slice(0, -suffix.length);
    if (anywhere.includes(suffix) || rest.endsWith("а") || rest.endsWith("я")) return rest;
    return null;
  }

  // Removes the longest of `suffixes` that `text` ends with; null when none does.
  function removeAny(text, suffixes) {
    const suffix = longestSuffix(text, suffixes);
    return suffix === null ? null : text.slice(0, -suffix.length);
  }

  // Perfective gerund: прочитав, прочитавши, умывшись.
  const perfectiveGerund = (rv) => removeClass(rv, GERUND_AFTER_A, GERUND);

  // Adjectival: an adjective ending, and then a participle suffix before it if there is
  // one (читающий, сделанная, прочитавшими).
  function adjectival(rv) {
    const stem = removeAny(rv, ADJECTIVE);
    if (stem === null) return null;
    return removeClass(stem, PARTICIPLE_AFTER_A, PARTICIPLE) ?? stem;
  }

  const reflexive = (rv) => removeAny(rv, REFLEXIVE);
  const verb = (rv) => removeClass(rv, VERB_AFTER_A, VERB);
  const noun = (rv) => removeAny(rv, NOUN);

  // Step 1: a perfective gerund; failing that, a reflexive ending (kept off even when
  // nothing follows), then the first of an adjectival, verb or noun ending.
  function step1(rv) {
    const gerund = perfectiveGerund(rv);
    if (gerund !== null) return gerund;
    const base = reflexive(rv) ?? rv;
    return adjectival(base) ?? verb(base) ?? noun(base) ?? base;
  }

  // Step 2: a final и goes.
  const step2 = (rv) => (rv.endsWith("и") ? rv.slice(0, -1) : rv);

  // Step 3: the derivational -ост(ь), only when it lies wholly in R2 (`r2` counts from
  // the start of RV).
  function step3(rv, r2) {
    const suffix = longestSuffix(rv, DERIVATIONAL);
    if (suffix === null || rv.length - suffix.length < r2) return rv;
    return rv.slice(0, -suffix.length);
  }

  // Step 4: tidy up the end: a superlative -ейш(е) goes and then a doubled н is halved;
  // or a doubled н is halved; or a final ь goes. Again the longest ending decides.
  function step4(rv) {
    const suffix = longestSuffix(rv, SUPERLATIVE.concat(["н", "ь"]));
    if (suffix === "ь") return rv.slice(0, -1);
    if (suffix === "н") return rv.endsWith("нн") ? rv.slice(0, -1) : rv;
    if (suffix === null) return rv;
    const stem = rv.slice(0, -suffix.length);
    return stem.endsWith("нн") ? stem.slice(0, -1) : stem;
  }

  // Every step works inside RV only: whatever precedes RV is never touched nor read.
  window.prepressStem = (word) => {
    const { rv, r2 } = regions(word);
    const head = word.slice(0, rv);
    let tail = word.slice(rv);
    tail = step1(tail);
    tail = step2(tail);
    tail = step3(tail, r2 - rv);
    tail = step4(tail);
    return head + tail;
  };
})();
