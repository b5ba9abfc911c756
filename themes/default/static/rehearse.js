// Rehearsing a story on the practice page, at one of the lengths it is told at: the
// learner picks a story (#rehearse-story) and a length (#rehearse-version: its shorter
// versions, then the full story), sees the title and principles, and tells it from
// memory against a timer set to that length (timer.js). The text stays hidden until
// "Show the text". The stories come from #rehearse-stories, JSON the build writes:
// [{key, title, principles, versions: [{seconds, full, paragraphs: [{text, heading?}]}]}]. A link may
// choose the story (?story=KEY, as the story page's "Rehearse it" does).
(() => {
  "use strict";

  const section = document.querySelector("[data-rehearse]");
  const data = document.getElementById("rehearse-stories");
  if (!section || !data || !window.prepressTimer) return;
  const say = window.prepressText;
  let stories = [];
  try {
    stories = JSON.parse(data.textContent);
  } catch {
    return;
  }
  if (!Array.isArray(stories) || stories.length === 0) return;

  const $ = (id) => document.getElementById(id);
  const storyChoice = $("rehearse-story");
  const versionChoice = $("rehearse-version");
  const title = $("rehearse-title");
  const principles = $("rehearse-principles");
  const showButton = $("rehearse-show");
  const text = $("rehearse-text");
  const timer = window.prepressTimer.attach($("rehearse-timer-box"));

  function option(value, label) {
    const item = document.createElement("option");
    item.value = value;
    item.textContent = label;
    return item;
  }

  function versionLabel(version) {
    if (version.full) {
      return say("rehearse.full", { time: window.prepressTimer.format(version.seconds * 1000) });
    }
    return say("rehearse.seconds", { n: String(version.seconds) });
  }

  function story() {
    return stories[Number(storyChoice.value)] || stories[0];
  }

  function version() {
    const versions = story().versions;
    return versions[Number(versionChoice.value)] || versions[0];
  }

  function hideText() {
    text.hidden = true;
    showButton.setAttribute("aria-expanded", "false");
    showButton.textContent = say("rehearse.show_text");
  }

  function showVersion() {
    const chosen = version();
    text.replaceChildren(
      ...chosen.paragraphs.map((paragraph) => {
        const p = document.createElement("p");
        if (paragraph.heading) {
          p.className = "rehearse-part";
          const strong = document.createElement("strong");
          strong.textContent = paragraph.text;
          p.append(strong);
        } else {
          p.textContent = paragraph.text;
        }
        return p;
      }),
    );
    hideText();
    timer.reset(chosen.seconds);
  }

  function showStory() {
    const chosen = story();
    title.textContent = chosen.title;
    principles.replaceChildren(
      ...chosen.principles.map((name) => {
        const item = document.createElement("li");
        const pill = document.createElement("span");
        pill.className = "pill";
        pill.textContent = name;
        item.append(pill);
        return item;
      }),
    );
    principles.hidden = chosen.principles.length === 0;
    versionChoice.replaceChildren(
      ...chosen.versions.map((v, index) => option(String(index), versionLabel(v))),
    );
    versionChoice.value = "0";
    showVersion();
  }

  storyChoice.replaceChildren(...stories.map((s, index) => option(String(index), s.title)));
  const asked = new URLSearchParams(window.location.search).get("story");
  const askedIndex = stories.findIndex((s) => s.key === asked);
  storyChoice.value = String(Math.max(0, askedIndex));
  storyChoice.addEventListener("change", showStory);
  versionChoice.addEventListener("change", showVersion);
  showButton.addEventListener("click", () => {
    const showing = text.hidden;
    text.hidden = !showing;
    showButton.setAttribute("aria-expanded", String(showing));
    showButton.textContent = say(showing ? "rehearse.hide_text" : "rehearse.show_text");
  });
  showStory();
  if (askedIndex >= 0 && window.location.hash === "#rehearse") section.scrollIntoView();
})();
