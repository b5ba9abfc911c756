// A countdown for spoken answers, used by practice and by each round of the mock loop.
// prepressTimer.attach(box) works on the elements inside `box`: [data-timer] shows the
// time left (its data-seconds is the length), [data-timer-start], [data-timer-pause],
// [data-timer-reset] are its buttons and [data-timer-status] announces "Time's up".
// The time left comes from Date.now(), not from counting ticks, so a throttled
// background tab stays right. Each change of state is sent to `box` as a "timerchange"
// event whose detail is the new state: idle, running, paused or done. destroy() stops
// it for good, for a timer whose elements are being thrown away.
(() => {
  "use strict";

  function format(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return `${m}:${s < 10 ? "0" : ""}${s}`;
  }

  function attach(box) {
    const display = box.querySelector("[data-timer]");
    const startButton = box.querySelector("[data-timer-start]");
    const pauseButton = box.querySelector("[data-timer-pause]");
    const resetButton = box.querySelector("[data-timer-reset]");
    const status = box.querySelector("[data-timer-status]");

    let duration = 1000 * (parseInt(display?.getAttribute("data-seconds"), 10) || 120);
    let remaining = duration; // ms left while not running
    let deadline = 0; // Date.now() at which time is up, while running
    let ticker = null;
    let state = "idle";

    function setState(next) {
      if (display) display.setAttribute("data-state", next);
      if (startButton) startButton.disabled = next === "running";
      if (pauseButton) pauseButton.disabled = next !== "running";
      if (next === state) return;
      state = next;
      box.dispatchEvent(new CustomEvent("timerchange", { detail: next }));
    }

    function stopTicker() {
      if (ticker) {
        clearInterval(ticker);
        ticker = null;
      }
    }

    function render() {
      if (!display) return;
      const left = ticker ? deadline - Date.now() : remaining;
      if (left <= 0) {
        stopTicker();
        remaining = 0;
        const text = window.prepressText("timer.times_up");
        display.textContent = text;
        if (status) status.textContent = text;
        setState("done");
        return;
      }
      display.textContent = format(left);
    }

    function start() {
      if (ticker) return;
      if (remaining <= 0) remaining = duration;
      if (status) status.textContent = "";
      deadline = Date.now() + remaining;
      ticker = setInterval(render, 200);
      setState("running");
      render();
    }

    function pause() {
      if (!ticker) return;
      remaining = Math.max(0, deadline - Date.now());
      stopTicker();
      setState(remaining > 0 ? "paused" : "done");
      render();
    }

    function reset(seconds) {
      stopTicker();
      if (seconds) {
        duration = 1000 * seconds;
        display?.setAttribute("data-seconds", String(seconds));
      }
      remaining = duration;
      if (status) status.textContent = "";
      setState("idle");
      render();
    }

    const catchUp = () => {
      if (ticker) render();
    };
    startButton?.addEventListener("click", start);
    pauseButton?.addEventListener("click", pause);
    resetButton?.addEventListener("click", () => reset());
    document.addEventListener("visibilitychange", catchUp);
    setState("idle");
    render();
    function destroy() {
      stopTicker();
      document.removeEventListener("visibilitychange", catchUp);
    }
    return { start, pause, reset, destroy, state: () => state };
  }

  window.prepressTimer = Object.freeze({ attach, format });
})();
