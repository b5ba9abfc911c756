/* prepress: practice mode.
   A random question (optionally for one principle), a two-minute countdown and
   "Tell me more" follow-ups. Data comes from two JSON script elements:
   #practice-data: [{text, principles: [slug], principle_titles: [title], followups: [text], url}]
   #practice-probes: [text], general probes for questions without follow-ups. */
(function () {
  "use strict";

  var root = document.getElementById("practice");
  if (!root) return;

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) return [];
    try {
      var value = JSON.parse(el.textContent || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  var questions = readJson("practice-data");
  var probes = readJson("practice-probes");

  var principleSelect = document.getElementById("practice-principle");
  var nextButton = document.getElementById("practice-next");
  var questionEl = document.getElementById("practice-question");
  var principlesEl = document.getElementById("practice-principles");
  var sourceEl = document.getElementById("practice-source");
  var followupsEl = document.getElementById("practice-followups");
  var moreButton = document.getElementById("practice-more");

  /* ---------- Questions ---------- */

  var current = null; // the question shown
  var revealed = 0; // how many follow-ups/probes are shown for it
  var deck = []; // indices still to draw for the current filter, shuffled
  var deckFilter = null;

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }

  function pool(filter) {
    var indices = [];
    questions.forEach(function (q, i) {
      if (!filter || (q.principles || []).indexOf(filter) !== -1) indices.push(i);
    });
    return indices;
  }

  // Draws without repeats until every question of the filter was shown once.
  function draw() {
    var filter = principleSelect ? principleSelect.value : "";
    if (filter !== deckFilter || deck.length === 0) {
      deck = shuffle(pool(filter));
      deckFilter = filter;
      // Do not show the same question twice in a row when a new round starts.
      if (deck.length > 1 && current && questions[deck[deck.length - 1]] === current) {
        deck.unshift(deck.pop());
      }
    }
    if (deck.length === 0) return null;
    return questions[deck.pop()];
  }

  // The follow-ups of the question, then the general probes.
  function moreList(q) {
    var own = (q && q.followups) || [];
    return own.concat(probes);
  }

  function updateMoreButton() {
    if (!moreButton) return;
    var left = current ? moreList(current).length - revealed : 0;
    moreButton.disabled = left <= 0;
    moreButton.textContent = current && left <= 0 ? "No more follow-ups" : "Tell me more";
  }

  function show(q) {
    current = q;
    revealed = 0;
    if (followupsEl) followupsEl.textContent = "";
    if (principlesEl) principlesEl.textContent = "";
    if (!q) {
      questionEl.textContent = questions.length
        ? "No questions for this principle yet."
        : "No questions yet.";
      if (sourceEl) sourceEl.hidden = true;
      root.removeAttribute("data-has-question");
    } else {
      questionEl.textContent = q.text;
      (q.principle_titles || []).forEach(function (title) {
        var li = document.createElement("li");
        var span = document.createElement("span");
        span.className = "pill";
        span.textContent = title;
        li.appendChild(span);
        principlesEl.appendChild(li);
      });
      if (sourceEl) {
        var link = sourceEl.querySelector("a");
        if (q.url && link) {
          link.href = q.url;
          sourceEl.hidden = false;
        } else {
          sourceEl.hidden = true;
        }
      }
      root.setAttribute("data-has-question", "");
    }
    updateMoreButton();
    timerReset();
  }

  function tellMore() {
    if (!current) return;
    var list = moreList(current);
    if (revealed >= list.length) return;
    var own = (current.followups || []).length;
    var li = document.createElement("li");
    li.className = revealed < own ? "followup" : "probe";
    li.textContent = list[revealed];
    followupsEl.appendChild(li);
    revealed++;
    updateMoreButton();
  }

  /* ---------- Timer: remaining time comes from Date.now(), not from counting ticks ---------- */

  var timerEl = document.getElementById("practice-timer");
  var startButton = document.getElementById("timer-start");
  var pauseButton = document.getElementById("timer-pause");
  var resetButton = document.getElementById("timer-reset");
  var timerStatus = document.getElementById("practice-timer-status");

  var DURATION = 1000 * (parseInt(timerEl && timerEl.getAttribute("data-seconds"), 10) || 120);
  var remaining = DURATION; // ms left while not running
  var deadline = 0; // Date.now() value at which time is up, while running
  var ticker = null;

  function format(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setState(state) {
    if (timerEl) timerEl.setAttribute("data-state", state);
    if (startButton) startButton.disabled = state === "running";
    if (pauseButton) pauseButton.disabled = state !== "running";
  }

  function render() {
    if (!timerEl) return;
    var left = ticker ? deadline - Date.now() : remaining;
    if (left <= 0) {
      stopTicker();
      remaining = 0;
      timerEl.textContent = "Time's up";
      setState("done");
      if (timerStatus) timerStatus.textContent = "Time's up";
      return;
    }
    timerEl.textContent = format(left);
  }

  function stopTicker() {
    if (ticker) {
      window.clearInterval(ticker);
      ticker = null;
    }
  }

  function timerStart() {
    if (ticker) return;
    if (remaining <= 0) remaining = DURATION;
    if (timerStatus) timerStatus.textContent = "";
    deadline = Date.now() + remaining;
    ticker = window.setInterval(render, 200);
    setState("running");
    render();
  }

  function timerPause() {
    if (!ticker) return;
    remaining = Math.max(0, deadline - Date.now());
    stopTicker();
    setState(remaining > 0 ? "paused" : "done");
    render();
  }

  function timerReset() {
    stopTicker();
    remaining = DURATION;
    if (timerStatus) timerStatus.textContent = "";
    setState("idle");
    render();
  }

  /* ---------- Wiring ---------- */

  function principleFromQuery() {
    if (!principleSelect) return;
    var wanted = new URLSearchParams(window.location.search).get("principle") || "";
    for (var i = 0; i < principleSelect.options.length; i++) {
      if (principleSelect.options[i].value === wanted) {
        principleSelect.value = wanted;
        return;
      }
    }
    principleSelect.value = "";
  }

  function principleToQuery() {
    if (!principleSelect || !window.history || !window.history.replaceState) return;
    var params = new URLSearchParams(window.location.search);
    if (principleSelect.value) params.set("principle", principleSelect.value);
    else params.delete("principle");
    var query = params.toString();
    window.history.replaceState(
      window.history.state,
      "",
      window.location.pathname + (query ? "?" + query : "") + window.location.hash
    );
  }

  if (nextButton) nextButton.addEventListener("click", function () { show(draw()); });
  if (moreButton) moreButton.addEventListener("click", tellMore);
  if (startButton) startButton.addEventListener("click", timerStart);
  if (pauseButton) pauseButton.addEventListener("click", timerPause);
  if (resetButton) resetButton.addEventListener("click", timerReset);
  if (principleSelect) {
    principleSelect.addEventListener("change", function () {
      principleToQuery();
      show(draw());
    });
  }
  // Timers are throttled in background tabs; catch up as soon as the page is visible.
  document.addEventListener("visibilitychange", function () {
    if (ticker) render();
  });

  principleFromQuery();
  show(draw());
})();
