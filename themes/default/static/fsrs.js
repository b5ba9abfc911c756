// Spaced repetition for practice: when to see a question again, by FSRS (the Free
// Spaced Repetition Scheduler, version 6, the algorithm Anki uses), with its published
// default parameters and a target recall of 90%. Written here from the algorithm's
// formulas; tests/suite/browser.rs checks it against the reference implementation on
// the table in tests/fixtures/fsrs/reference.json.
//
// Day-granular, as practice is: a review gives a whole number of days, with no
// learning steps of minutes. A card is {stability, difficulty, last, due}: stability in
// days (the interval at which recall falls to 90%), difficulty from 1 to 10, and the
// times of the last review and the next one, in milliseconds. A new card is {}.
// Grades: 1 again, 2 hard, 3 good, 4 easy.
(() => {
  "use strict";

  const PARAMETERS = Object.freeze([
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
  ]);
  const RETENTION = 0.9;
  const MAXIMUM_INTERVAL = 36500;
  const DAY = 24 * 60 * 60 * 1000;
  const w = PARAMETERS;
  const decay = -w[20];
  // Chosen so that recall is exactly 90% when the elapsed time equals the stability.
  const factor = Math.pow(0.9, 1 / decay) - 1;

  const atLeast = (value, floor) => Math.max(value, floor);
  const stabilityFloor = (s) => atLeast(s, 0.001);
  const difficultyRange = (d) => Math.min(Math.max(d, 1), 10);

  // Python's round(): halves go to the even neighbour, as the reference does.
  function roundHalfEven(x) {
    const floor = Math.floor(x);
    const rest = x - floor;
    if (rest > 0.5) return floor + 1;
    if (rest < 0.5) return floor;
    return floor % 2 === 0 ? floor : floor + 1;
  }

  // The chance of recalling a card `days` after its last review.
  function recall(stability, days) {
    return Math.pow(1 + (factor * days) / stability, decay);
  }

  function firstDifficulty(grade) {
    return w[4] - Math.exp(w[5] * (grade - 1)) + 1;
  }

  function nextDifficulty(difficulty, grade) {
    const change = -w[6] * (grade - 3);
    // The step shrinks as difficulty nears its top, then the value drifts back toward
    // the difficulty of a first "easy".
    const damped = difficulty + ((10 - difficulty) * change) / 9;
    return difficultyRange(w[7] * firstDifficulty(4) + (1 - w[7]) * damped);
  }

  // A second look the same day.
  function sameDayStability(stability, grade) {
    let growth = Math.exp(w[17] * (grade - 3 + w[18])) * Math.pow(stability, -w[19]);
    if (grade >= 2) growth = atLeast(growth, 1);
    return stabilityFloor(stability * growth);
  }

  function recalledStability(difficulty, stability, r, grade) {
    const hard = grade === 2 ? w[15] : 1;
    const easy = grade === 4 ? w[16] : 1;
    const growth =
      Math.exp(w[8]) * (11 - difficulty) * Math.pow(stability, -w[9]) *
      (Math.exp((1 - r) * w[10]) - 1) * hard * easy;
    return stabilityFloor(stability * (1 + growth));
  }

  function forgottenStability(difficulty, stability, r) {
    const longTerm =
      w[11] * Math.pow(difficulty, -w[12]) * (Math.pow(stability + 1, w[13]) - 1) *
      Math.exp((1 - r) * w[14]);
    const shortTerm = stability / Math.exp(w[17] * w[18]);
    return stabilityFloor(Math.min(longTerm, shortTerm));
  }

  // Days until recall falls to the target.
  function interval(stability) {
    const days = roundHalfEven((stability / factor) * (Math.pow(RETENTION, 1 / decay) - 1));
    return Math.min(atLeast(days, 1), MAXIMUM_INTERVAL);
  }

  // The card after a review with `grade` at time `now` (milliseconds).
  function review(card, grade, now) {
    let { stability, difficulty } = card;
    if (stability === undefined || difficulty === undefined) {
      stability = stabilityFloor(w[grade - 1]);
      difficulty = difficultyRange(firstDifficulty(grade));
    } else {
      const days = Math.floor((now - card.last) / DAY);
      if (days < 1) {
        stability = sameDayStability(stability, grade);
      } else {
        const r = recall(stability, days);
        stability = grade === 1
          ? forgottenStability(difficulty, stability, r)
          : recalledStability(difficulty, stability, r, grade);
      }
      difficulty = nextDifficulty(difficulty, grade);
    }
    const days = interval(stability);
    return { stability, difficulty, last: now, due: now + days * DAY, interval: days };
  }

  // The chance of recalling a reviewed card at `now`; 0 for a new card.
  function recallAt(card, now) {
    if (card.stability === undefined) return 0;
    return recall(card.stability, Math.max(0, Math.floor((now - card.last) / DAY)));
  }

  window.prepressFsrs = Object.freeze({ PARAMETERS, DAY, review, recallAt });
})();
