// Spaced repetition for practice: when to see a question again, by FSRS (the Free
// Spaced Repetition Scheduler, version 6, the algorithm Anki uses). Written here from
// the algorithm's formulas; tests/suite/browser.rs checks it against the reference
// implementation on the table in tests/fixtures/fsrs/reference.json.
//
// Day-granular, as practice is: a review gives a whole number of days, with no
// learning steps of minutes. A card is {stability, difficulty, last, due}: stability in
// days (the interval at which recall falls to 90%), difficulty from 1 to 10, and the
// times of the last review and the next one, in milliseconds. A new card is {}.
// Grades: 1 again, 2 hard, 3 good, 4 easy.
//
// The learner's own settings: configure({retention, parameters}) sets the recall to aim
// for (0.70-0.97; 0.90 unless told) and the 21 weights (the published defaults unless
// the learner fitted their own on /progress/, see optimise.js); study.js calls it when it
// reads the learner's data. Anything out of range leaves the default.
//
// Load balancing, as Anki's: an interval of 3 to 90 days may move within the range
// Anki's fuzz allows to the day with the fewest cards due, when review() is told the
// count of cards due on each day (`load(dayNumber)`). Unlike Anki, the choice is not
// random: the day nearest the ideal among the least loaded, so that replaying a card's
// reviews gives the same days again.
(() => {
  "use strict";

  const PARAMETERS = Object.freeze([
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
  ]);
  // The range each weight may take, as FSRS-6 clamps them (fsrs-rs, fsrs-optimizer).
  const BOUNDS = Object.freeze([
    [0.001, 100], [0.001, 100], [0.001, 100], [0.001, 100], [1, 10], [0.001, 4],
    [0.001, 4], [0.001, 0.75], [0, 4.5], [0, 0.8], [0.001, 3.5], [0.001, 5], [0.001, 0.25],
    [0.001, 0.9], [0, 4], [0, 1], [1, 6], [0, 2], [0, 2], [0.01, 0.8], [0.1, 0.8],
  ].map(Object.freeze));
  const RETENTION = 0.9;
  const RETENTION_RANGE = Object.freeze([0.7, 0.97]);
  const MAXIMUM_INTERVAL = 36500;
  const DAY = 24 * 60 * 60 * 1000;
  // Anki's fuzz: the share of an interval, by its length, a due day may move by.
  const FUZZ = [[2.5, 7, 0.15], [7, 20, 0.1], [20, Infinity, 0.05]];
  const BALANCE_UP_TO = 90;

  let w = PARAMETERS;
  let decay = -w[20];
  // Chosen so that recall is exactly 90% when the elapsed time equals the stability.
  let factor = Math.pow(0.9, 1 / decay) - 1;
  let retention = RETENTION;

  // Whether `list` is a usable set of weights: 21 numbers, each within its bounds.
  function validParameters(list) {
    return Array.isArray(list) && list.length === PARAMETERS.length &&
      list.every((x, i) => typeof x === "number" && x >= BOUNDS[i][0] && x <= BOUNDS[i][1]);
  }

  const validRetention = (r) => typeof r === "number" && r >= RETENTION_RANGE[0] && r <= RETENTION_RANGE[1];

  // Sets the learner's retention and weights; a missing or invalid one is the default.
  function configure(options = {}) {
    retention = validRetention(options.retention) ? options.retention : RETENTION;
    w = validParameters(options.parameters) ? Object.freeze(options.parameters.slice()) : PARAMETERS;
    decay = -w[20];
    factor = Math.pow(0.9, 1 / decay) - 1;
    return settings();
  }

  const settings = () => ({ retention, parameters: w });

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
    // Only "again" may lower stability the same day (FSRS-6, as Anki and py-fsrs do).
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
    const days = roundHalfEven((stability / factor) * (Math.pow(retention, 1 / decay) - 1));
    return Math.min(atLeast(days, 1), MAXIMUM_INTERVAL);
  }

  // The days a due date `days` away may move to, as Anki's fuzz allows: [low, high].
  function fuzzRange(days, elapsed) {
    let delta = 1;
    for (const [start, end, share] of FUZZ) delta += share * Math.max(Math.min(days, end) - start, 0);
    const high = Math.min(Math.round(days + delta), MAXIMUM_INTERVAL);
    let low = Math.max(2, Math.round(days - delta));
    if (days > elapsed) low = Math.max(low, elapsed + 1);
    return [Math.min(low, high), high];
  }

  // Among the days the fuzz allows, the one with the fewest cards due (`load(day)`, day
  // numbers since 1970), nearest the ideal `days` when several tie; the shorter of two
  // equally near.
  function balanced(days, elapsed, today, load) {
    if (typeof load !== "function" || days < 2.5 || days > BALANCE_UP_TO) return days;
    const [low, high] = fuzzRange(days, elapsed);
    let best = days;
    let bestLoad = load(today + days);
    for (let d = low; d <= high; d++) {
      const count = load(today + d);
      const nearer = Math.abs(d - days) < Math.abs(best - days) ||
        (Math.abs(d - days) === Math.abs(best - days) && d < best);
      if (count < bestLoad || (count === bestLoad && nearer)) {
        best = d;
        bestLoad = count;
      }
    }
    return best;
  }

  // The card after a review with `grade` at time `now` (milliseconds). With `load` (the
  // number of cards due on a day number), the due day is balanced among its neighbours.
  function review(card, grade, now, load) {
    let { stability, difficulty } = card;
    let elapsed = 0;
    if (stability === undefined || difficulty === undefined) {
      stability = stabilityFloor(w[grade - 1]);
      difficulty = difficultyRange(firstDifficulty(grade));
    } else {
      const days = Math.floor((now - card.last) / DAY);
      elapsed = Math.max(days, 0);
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
    const days = balanced(interval(stability), elapsed, Math.floor(now / DAY), load);
    return { stability, difficulty, last: now, due: now + days * DAY, interval: days };
  }

  // The chance of recalling a reviewed card at `now`; 0 for a new card.
  function recallAt(card, now) {
    if (card.stability === undefined) return 0;
    return recall(card.stability, Math.max(0, Math.floor((now - card.last) / DAY)));
  }

  window.prepressFsrs = Object.freeze({
    PARAMETERS,
    BOUNDS,
    RETENTION,
    RETENTION_RANGE,
    DAY,
    configure,
    settings,
    validParameters,
    validRetention,
    review,
    recallAt,
    interval,
    fuzzRange,
  });
})();
