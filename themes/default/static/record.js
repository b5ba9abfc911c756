// Recording a spoken answer in practice: [data-record] captures the microphone with
// MediaRecorder while the practice timer runs (starting it; pausing or finishing the
// timer, or pressing the button again, stops the recording). The learner plays it back,
// downloads it or discards it. Nothing is uploaded, and a recording lives only until the
// page closes unless downloaded. Where the browser cannot or will not record, the
// button is disabled and [data-record-status] says why; the rest of practice works.
(() => {
  "use strict";

  const { prepressText: text } = window;
  const button = document.querySelector("[data-record]");
  const timerBox = document.getElementById("practice-timer-box");
  if (!button || !timerBox) return;
  const status = document.querySelector("[data-record-status]");
  const result = document.querySelector("[data-recording]");
  const audio = document.querySelector("[data-recording-audio]");
  const download = document.querySelector("[data-recording-download]");
  const discard = document.querySelector("[data-recording-discard]");
  const startTimer = document.querySelector("[data-timer-start]");
  const pauseTimer = document.querySelector("[data-timer-pause]");

  let recorder = null;
  let starting = false; // waiting for the microphone
  let stream = null;
  let chunks = [];
  let url = null;

  const say = (text) => {
    if (status) status.textContent = text;
  };

  function unavailable(reason) {
    button.disabled = true;
    button.setAttribute("aria-disabled", "true");
    say(reason);
  }

  function refusal(error) {
    switch (error && error.name) {
      case "NotAllowedError":
      case "SecurityError":
        return text(location.protocol === "file:" ? "record.refused_file" : "record.refused");
      case "NotFoundError":
      case "OverconstrainedError":
        return text("record.no_microphone");
      case "NotReadableError":
        return text("record.microphone_busy");
      default:
        return text("record.failed", { error: (error && error.message) || text("record.unknown_reason") });
    }
  }

  function forget() {
    if (url) URL.revokeObjectURL(url);
    url = null;
    if (audio) audio.removeAttribute("src");
    if (result) result.hidden = true;
  }

  function releaseMicrophone() {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
  }

  function finished() {
    const type = (recorder && recorder.mimeType) || "audio/webm";
    const blob = new Blob(chunks, { type });
    chunks = [];
    recorder = null;
    releaseMicrophone();
    button.setAttribute("aria-pressed", "false");
    button.textContent = text("practice.record");
    if (!blob.size) {
      say(text("record.nothing"));
      return;
    }
    forget();
    url = URL.createObjectURL(blob);
    if (audio) audio.src = url;
    if (download) {
      download.href = url;
      const extension = type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : "webm";
      download.download = `answer-${new Date().toISOString().slice(0, 19).replace(/[T:]/g, "-")}.${extension}`;
    }
    if (result) result.hidden = false;
    say(text("record.recorded", { size: new Intl.NumberFormat(window.prepressLocale, { useGrouping: false }).format(Math.round(blob.size / 1024)) }));
    document.dispatchEvent(new CustomEvent("prepress:recorded", { detail: { size: blob.size } }));
  }

  function stop() {
    if (recorder && recorder.state !== "inactive") recorder.stop();
  }

  async function start() {
    starting = true;
    button.disabled = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      say(refusal(error));
      button.setAttribute("data-record-refused", error && error.name ? error.name : "Error");
      return;
    } finally {
      starting = false;
      button.disabled = false;
    }
    try {
      recorder = new MediaRecorder(stream);
    } catch (error) {
      releaseMicrophone();
      unavailable(refusal(error));
      return;
    }
    chunks = [];
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size) chunks.push(event.data);
    });
    recorder.addEventListener("stop", finished);
    recorder.start();
    button.setAttribute("aria-pressed", "true");
    button.textContent = text("record.stop");
    say(text("record.recording"));
    if (startTimer && !startTimer.disabled) startTimer.click();
  }

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
    unavailable(
      location.protocol === "file:" || !window.isSecureContext
        ? text("record.insecure")
        : text("record.no_audio"),
    );
    return;
  }

  button.addEventListener("click", () => {
    if (recorder) stop();
    else if (!starting) start();
  });
  timerBox.addEventListener("timerchange", (event) => {
    if (event.detail !== "running") stop();
  });
  discard?.addEventListener("click", () => {
    forget();
    say(text("record.discarded"));
    button.focus();
  });
  // Stopping the timer by hand also stops the recording; so does leaving the page.
  pauseTimer?.addEventListener("click", stop);
  window.addEventListener("pagehide", () => {
    stop();
    releaseMicrophone();
  });
})();
