// "Optimise": FSRS-6's 21 weights fitted to the learner's own review log, in the
// browser, the way fsrs-optimizer (the reference optimiser) fits them. Plain JavaScript
// on the page's thread, in short slices between which the page stays responsive (a
// worker would be refused from file://, and a fit of 5,000 reviews takes about a second).
//
//   1. Each card's reviews, in order, by calendar day. Every review on a later day than
//      the card's previous one is a sample: was it recalled (any grade but "again"),
//      and what recall did the weights predict from the reviews before it? Same-day
//      reviews change the card's state but are not samples, as in fsrs-optimizer.
//   2. The first stabilities (w0-w3): for each first grade, the stability whose
//      forgetting curve best fits how often the second review was recalled after each
//      interval (a one-dimensional search, with fsrs-optimizer's pull toward the default
//      and its smoothing), kept in order (a better first grade never gives less).
//   3. All 21 weights: Adam on the mean log loss of the predicted recall, plus
//      fsrs-optimizer's penalty for straying from the starting weights (scaled by how
//      much each weight varies among learners), the learning rate annealed on a cosine,
//      each weight clamped to FSRS's bounds after every step. The gradient is exact: the
//      memory state is carried forward with its derivative by every weight.
//
// window.prepressOptimise = {samples(reviews, dayOf), logLoss(w, cards), fit(cards, options),
// firstStabilities(cards, defaults), NEEDED}
// where `reviews` is the learner's data's reviews map and `dayOf` turns a time into its
// calendar day number; fit resolves to {parameters, loss, samples, steps}.
(() => {
  "use strict";

  const N = 21;
  const S_MIN = 0.001;
  // How much each weight varies among learners (fsrs-optimizer's DEFAULT_PARAMS_STDDEV).
  const SPREAD = [
    6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57,
    0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
  ];
  const STEPS = 150;
  const RATE = 0.04;
  const SLICE_MS = 40;

  // Each card's reviews as [{t, grade}], t the days since the card's previous review
  // (0 for the first); cards with one review teach nothing and are left out.
  function samples(reviews, dayOf) {
    const cards = [];
    let count = 0;
    for (const list of Object.values(reviews || {})) {
      if (!Array.isArray(list) || list.length < 2) continue;
      const sorted = list.slice().sort((a, b) => a.at - b.at);
      let previous = null;
      const card = sorted.map((review) => {
        const day = dayOf(review.at);
        const t = previous === null ? 0 : Math.max(0, day - previous);
        previous = day;
        return { t, grade: review.grade };
      });
      count += card.filter((step, i) => i > 0 && step.t > 0).length;
      cards.push(card);
    }
    return { cards, count };
  }

  const clampWeights = (w, bounds) => w.map((x, i) => Math.min(Math.max(x, bounds[i][0]), bounds[i][1]));

  // The mean log loss over the samples of `cards` with weights `w`; with `gradient` (a
  // Float64Array of 21), also its gradient by each weight, added into it; with
  // `predictions` (a list), each sample's predicted recall pushed onto it.
  function logLoss(w, cards, gradient, predictions) {
    const withGradient = Boolean(gradient);
    const dS = new Float64Array(N);
    const dD = new Float64Array(N);
    const dR = new Float64Array(N);
    const dS2 = new Float64Array(N);
    const dD2 = new Float64Array(N);
    const sum = withGradient ? new Float64Array(N) : null;
    const power = -w[20];
    const base09 = Math.pow(0.9, 1 / power);
    const factor = base09 - 1;
    // d factor / d w20: factor = 0.9^(-1/w20) - 1.
    const dFactor = base09 * Math.log(0.9) / (w[20] * w[20]);
    const first4 = w[4] - Math.exp(3 * w[5]) + 1;
    let total = 0;
    let count = 0;

    for (const card of cards) {
      // The first review.
      const g0 = card[0].grade;
      let S = Math.max(w[g0 - 1], S_MIN);
      let D0 = w[4] - Math.exp(w[5] * (g0 - 1)) + 1;
      let D = Math.min(Math.max(D0, 1), 10);
      if (withGradient) {
        dS.fill(0);
        dD.fill(0);
        if (w[g0 - 1] > S_MIN) dS[g0 - 1] = 1;
        if (D0 > 1 && D0 < 10) {
          dD[4] = 1;
          dD[5] = -(g0 - 1) * Math.exp(w[5] * (g0 - 1));
        }
      }
      for (let k = 1; k < card.length; k++) {
        const { t, grade } = card[k];
        let S2;
        if (t > 0) {
          const inner = 1 + (factor * t) / S;
          const R = Math.pow(inner, power);
          const y = grade > 1;
          const Rc = Math.min(Math.max(R, 1e-7), 1 - 1e-7);
          if (predictions) predictions.push(R);
          total += y ? -Math.log(Rc) : -Math.log(1 - Rc);
          count++;
          if (withGradient) {
            // ln R = -w20 ln(inner); inner = 1 + factor t / S.
            const a = (-w[20] / inner) * (-(factor * t) / (S * S));
            for (let j = 0; j < N; j++) dR[j] = R * a * dS[j];
            dR[20] += R * (-Math.log(inner) - (w[20] / inner) * (t / S) * dFactor);
            const dLoss = R <= 1e-7 || R >= 1 - 1e-7 ? 0 : y ? -1 / R : 1 / (1 - R);
            for (let j = 0; j < N; j++) sum[j] += dLoss * dR[j];
          }
          S2 = grade === 1 ? forgotten(w, S, D, R, withGradient, dS, dD, dR, dS2) : recalled(w, S, D, R, grade, withGradient, dS, dD, dR, dS2);
        } else {
          S2 = sameDay(w, S, grade, withGradient, dS, dS2);
        }
        // Difficulty: damped step, then drift toward the first "easy"'s difficulty.
        const change = -w[6] * (grade - 3);
        const damped = D + ((10 - D) * change) / 9;
        const Dn = w[7] * first4 + (1 - w[7]) * damped;
        if (withGradient) {
          if (Dn > 1 && Dn < 10) {
            for (let j = 0; j < N; j++) {
              const dDamped = dD[j] - (dD[j] * change) / 9;
              dD2[j] = (1 - w[7]) * dDamped;
            }
            dD2[6] += (1 - w[7]) * ((10 - D) * -(grade - 3)) / 9;
            dD2[7] += first4 - damped;
            dD2[4] += w[7];
            dD2[5] += w[7] * -3 * Math.exp(3 * w[5]);
          } else {
            dD2.fill(0);
          }
        }
        D = Math.min(Math.max(Dn, 1), 10);
        if (S2 < S_MIN || S2 > 36500) {
          S2 = Math.min(Math.max(S2, S_MIN), 36500);
          if (withGradient) dS2.fill(0);
        }
        S = S2;
        if (withGradient) {
          dS.set(dS2);
          dD.set(dD2);
        }
      }
    }
    const mean = count ? total / count : 0;
    if (withGradient && count) for (let j = 0; j < N; j++) gradient[j] += sum[j] / count;
    return { loss: mean, count };
  }

  // Stability after a recalled review (its derivative into out).
  function recalled(w, S, D, R, grade, withGradient, dS, dD, dR, out) {
    const A = Math.exp(w[8]);
    const B = 11 - D;
    const C = Math.pow(S, -w[9]);
    const eR = Math.exp((1 - R) * w[10]);
    const E = eR - 1;
    const H = grade === 2 ? w[15] : 1;
    const Y = grade === 4 ? w[16] : 1;
    const G = A * B * C * E * H * Y;
    if (withGradient) {
      const lnS = Math.log(S);
      for (let j = 0; j < N; j++) {
        const dC = C * (-w[9] / S) * dS[j];
        const dE = eR * (-w[10] * dR[j]);
        const dG = A * (-dD[j]) * C * E * H * Y + A * B * dC * E * H * Y + A * B * C * dE * H * Y;
        out[j] = dS[j] * (1 + G) + S * dG;
      }
      const at = (j, dG) => {
        out[j] += S * dG;
      };
      at(8, G);
      at(9, A * B * C * -lnS * E * H * Y);
      at(10, A * B * C * eR * (1 - R) * H * Y);
      if (grade === 2) at(15, A * B * C * E * Y);
      if (grade === 4) at(16, A * B * C * E * H);
    }
    return S * (1 + G);
  }

  // Stability after a forgotten review: the lesser of the long-term formula and the
  // stability the same-day formula's floor allows.
  function forgotten(w, S, D, R, withGradient, dS, dD, dR, out) {
    const a = w[11];
    const b = Math.pow(D, -w[12]);
    const p = Math.pow(S + 1, w[13]);
    const c = p - 1;
    const e = Math.exp((1 - R) * w[14]);
    const long = a * b * c * e;
    const shrink = Math.exp(w[17] * w[18]);
    const short = S / shrink;
    if (withGradient) {
      if (long <= short) {
        for (let j = 0; j < N; j++) {
          const db = b * (-w[12] / D) * dD[j];
          const dc = p * (w[13] / (S + 1)) * dS[j];
          const de = e * (-w[14] * dR[j]);
          out[j] = a * (db * c * e + b * dc * e + b * c * de);
        }
        out[11] += b * c * e;
        out[12] += a * b * -Math.log(D) * c * e;
        out[13] += a * b * p * Math.log(S + 1) * e;
        out[14] += a * b * c * e * (1 - R);
      } else {
        for (let j = 0; j < N; j++) out[j] = dS[j] / shrink;
        out[17] += -short * w[18];
        out[18] += -short * w[17];
      }
    }
    return Math.min(long, short);
  }

  // Stability after a second look the same day.
  function sameDay(w, S, grade, withGradient, dS, out) {
    const raw = Math.exp(w[17] * (grade - 3 + w[18])) * Math.pow(S, -w[19]);
    const floored = grade >= 2 && raw < 1;
    const q = floored ? 1 : raw;
    if (withGradient) {
      for (let j = 0; j < N; j++) out[j] = q * dS[j] + (floored ? 0 : S * raw * (-w[19] / S) * dS[j]);
      if (!floored) {
        out[17] += S * raw * (grade - 3 + w[18]);
        out[18] += S * raw * w[17];
        out[19] += S * raw * -Math.log(S);
      }
    }
    return S * q;
  }

  // ---------- The first stabilities ----------

  const curve = (t, s, decay) => Math.pow(1 + ((Math.pow(0.9, 1 / decay) - 1) * t) / s, decay);

  // w0-w3 from how often each first grade's second review was recalled, by interval.
  function firstStabilities(cards, defaults) {
    const decay = -defaults[20];
    let recalls = 0;
    let all = 0;
    const groups = [new Map(), new Map(), new Map(), new Map()];
    for (const card of cards) {
      for (let k = 1; k < card.length; k++) {
        if (card[k].t <= 0) continue;
        recalls += card[k].grade > 1 ? 1 : 0;
        all++;
      }
      const second = card.findIndex((step, i) => i > 0 && step.t > 0);
      if (second < 0) continue;
      const t = card[second].t;
      const group = groups[card[0].grade - 1];
      const entry = group.get(t) || { n: 0, y: 0 };
      entry.n++;
      entry.y += card[second].grade > 1 ? 1 : 0;
      group.set(t, entry);
    }
    const average = all ? recalls / all : 0.9;
    const found = new Map();
    const counts = new Map();
    groups.forEach((group, g) => {
      if (!group.size) return;
      const rows = Array.from(group, ([t, { n, y }]) => ({ t, n, r: (y + average) / (n + 1) }));
      const start = defaults[g];
      const loss = (s) => {
        let sum = Math.abs(s - start) / 16;
        for (const { t, n, r } of rows) {
          const p = Math.min(Math.max(curve(t, s, decay), 1e-9), 1 - 1e-9);
          sum -= (r * Math.log(p) + (1 - r) * Math.log(1 - p)) * n;
        }
        return sum;
      };
      found.set(g + 1, search(loss, S_MIN, 100));
      counts.set(g + 1, rows.reduce((n, row) => n + row.n, 0));
    });
    // A better first grade never gives a lower stability: the better-supported wins.
    for (const [small, big] of [[1, 2], [2, 3], [3, 4], [1, 3], [2, 4], [1, 4]]) {
      if (found.has(small) && found.has(big) && found.get(small) > found.get(big)) {
        if (counts.get(small) > counts.get(big)) found.set(big, found.get(small));
        else found.set(small, found.get(big));
      }
    }
    // A first grade never seen: the default scaled as the grades seen were.
    const ratios = Array.from(found, ([g, s]) => Math.log(s / defaults[g - 1]));
    const scale = ratios.length ? Math.exp(ratios.reduce((a, b) => a + b, 0) / ratios.length) : 1;
    return [1, 2, 3, 4].map((g) => Math.min(Math.max(found.has(g) ? found.get(g) : defaults[g - 1] * scale, S_MIN), 100));
  }

  // The minimum of a one-dimensional function on [low, high]: a scan on a log scale,
  // then golden-section search around the best point.
  function search(f, low, high) {
    let best = low;
    let bestValue = Infinity;
    const points = 200;
    for (let i = 0; i <= points; i++) {
      const x = low * Math.pow(high / low, i / points);
      const v = f(x);
      if (v < bestValue) {
        bestValue = v;
        best = x;
      }
    }
    const ratio = Math.pow(high / low, 1 / points);
    let a = Math.max(low, best / ratio);
    let b = Math.min(high, best * ratio);
    const golden = (Math.sqrt(5) - 1) / 2;
    for (let i = 0; i < 60; i++) {
      const c = b - golden * (b - a);
      const d = a + golden * (b - a);
      if (f(c) < f(d)) b = d;
      else a = c;
    }
    return (a + b) / 2;
  }

  // ---------- Fitting ----------

  // Fits the weights to `cards` (from samples()), starting from `options.start` (the
  // scheduler's defaults), in slices of the page's time; `options.progress(done, of)` is
  // told as it goes. Resolves to {parameters, loss, samples, steps}.
  function fit(cards, options = {}) {
    const fsrs = window.prepressFsrs;
    const bounds = options.bounds || fsrs.BOUNDS;
    const defaults = Array.from(options.start || fsrs.PARAMETERS);
    const steps = options.steps || STEPS;
    const start = defaults.slice();
    start.splice(0, 4, ...firstStabilities(cards, defaults));
    let w = clampWeights(start, bounds);
    const anchor = w.slice();
    const m = new Float64Array(N);
    const v = new Float64Array(N);
    const gradient = new Float64Array(N);
    const objective = (weights, grad) => {
      const result = logLoss(weights, cards, grad);
      let penalty = 0;
      for (let j = 0; j < N; j++) {
        const off = (weights[j] - anchor[j]) / SPREAD[j];
        penalty += off * off;
        if (grad) grad[j] += (2 * off) / SPREAD[j] / Math.max(result.count, 1);
      }
      return { loss: result.loss, total: result.loss + penalty / Math.max(result.count, 1), count: result.count };
    };
    let best = { w, ...objective(w) };
    let step = 0;
    const progress = options.progress || (() => {});
    return new Promise((resolve) => {
      function slice() {
        const until = performance.now() + SLICE_MS;
        while (step < steps && performance.now() < until) {
          gradient.fill(0);
          const now = objective(w, gradient);
          if (now.total < best.total) best = { w, ...now };
          step++;
          const rate = (RATE * (1 + Math.cos((Math.PI * (step - 1)) / steps))) / 2;
          const next = w.slice();
          for (let j = 0; j < N; j++) {
            m[j] = 0.9 * m[j] + 0.1 * gradient[j];
            v[j] = 0.999 * v[j] + 0.001 * gradient[j] * gradient[j];
            const mHat = m[j] / (1 - Math.pow(0.9, step));
            const vHat = v[j] / (1 - Math.pow(0.999, step));
            next[j] -= (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
          }
          w = clampWeights(next, bounds);
        }
        progress(step, steps);
        if (step < steps) {
          setTimeout(slice, 0);
          return;
        }
        const last = objective(w);
        if (last.total < best.total) best = { w, ...last };
        const parameters = best.w.map((x) => Math.round(x * 10000) / 10000);
        resolve({ parameters: clampWeights(parameters, bounds), loss: logLoss(parameters, cards).loss, samples: best.count, steps });
      }
      setTimeout(slice, 0);
    });
  }

  // The samples a fit needs, as Anki asks for before it optimises.
  const NEEDED = 400;

  window.prepressOptimise = Object.freeze({ NEEDED, samples, logLoss, fit, firstStabilities });
})();
