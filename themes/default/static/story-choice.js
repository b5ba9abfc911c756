// The stories that answer: on the question bank and the principle pages each question
// offers the author's stories that cover its principles in a select
// ([data-story-choice][data-question=id]); the one the learner picks is their answer,
// kept in the learner's data (study.js). On the stories page each story lists the
// questions it was chosen for ([data-story-questions=storyKey]) and the gaps name the
// questions a story covers but none was chosen for ([data-unanswered]), from
// #stories-questions: [{id, text, url}].
(() => {
  "use strict";

  const study = window.prepressStudy;
  if (!study) return;

  function chosen(saved, id) {
    const choice = saved.stories[id];
    return choice && choice.story ? choice.story : "";
  }

  function syncSelects(saved) {
    for (const select of document.querySelectorAll("select[data-story-choice][data-question]")) {
      if (document.activeElement === select) continue;
      const want = chosen(saved, select.getAttribute("data-question"));
      select.value = Array.from(select.options).some((o) => o.value === want) ? want : "";
    }
  }

  document.addEventListener("change", (event) => {
    const select = event.target.closest && event.target.closest("select[data-story-choice][data-question]");
    // Practice keeps its own select in step with the card it shows.
    if (!select || select.closest("#practice")) return;
    const id = select.getAttribute("data-question");
    study.update((d) => {
      d.stories[id] = { story: select.value || null, at: Date.now() };
    });
  });

  // ---------- The stories page ----------

  const data = study.pageData("stories-questions");
  const covered = Array.isArray(data) ? data : null;

  function questionItem(question) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = question.url;
    link.textContent = question.text;
    li.append(link);
    return li;
  }

  function drawStoriesPage(saved) {
    if (!covered) return;
    for (const list of document.querySelectorAll("[data-story-questions]")) {
      const key = list.getAttribute("data-story-questions");
      const answers = covered.filter((q) => chosen(saved, q.id) === key);
      list.textContent = "";
      for (const question of answers) list.append(questionItem(question));
      const box = list.closest("[data-story-answers]");
      if (box) box.hidden = answers.length === 0;
    }
    const gaps = document.querySelector("[data-unanswered]");
    if (!gaps) return;
    const open = covered.filter((q) => !chosen(saved, q.id));
    gaps.textContent = "";
    for (const question of open) gaps.append(questionItem(question));
    const count = document.querySelector("[data-unanswered-count]");
    if (count) count.textContent = String(open.length);
    const box = gaps.closest("[data-unanswered-box]");
    if (box) box.hidden = open.length === 0;
  }

  function refresh(saved) {
    syncSelects(saved);
    drawStoriesPage(saved);
  }

  study.onChange(refresh);
  refresh(study.load());
})();
