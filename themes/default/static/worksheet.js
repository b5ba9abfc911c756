// Story worksheets: every [data-field] inside [data-worksheet] is kept in localStorage
// under "prepress:worksheet:<slug>" as one JSON object (field -> text, or true/false for
// checkboxes). "Clear worksheet" forgets it. "Save as story" downloads the form as a
// Markdown story file with front matter.
(() => {
  "use strict";

  const { prepressText: say } = window;
  const sheet = document.querySelector("[data-worksheet]");
  if (!sheet) return;

  const KEY = `prepress:worksheet:${sheet.getAttribute("data-worksheet")}`;
  const statusEl = document.getElementById("worksheet-status");
  const clearButton = document.getElementById("worksheet-clear");

  const fields = () => Array.from(sheet.querySelectorAll("[data-field]"));

  const isCheck = (el) => el.type === "checkbox" || el.type === "radio";

  function status(text) {
    if (statusEl) statusEl.textContent = text;
  }

  function storage() {
    try {
      const s = window.localStorage;
      const probe = "prepress:probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch {
      return null;
    }
  }

  const store = storage();

  function collect() {
    const data = {};
    for (const el of fields()) {
      data[el.getAttribute("data-field")] = isCheck(el) ? el.checked : el.value;
    }
    return data;
  }

  function restore() {
    if (!store) return false;
    let data;
    try {
      data = JSON.parse(store.getItem(KEY) || "null");
    } catch {
      data = null;
    }
    if (!data || typeof data !== "object") return false;
    let any = false;
    for (const el of fields()) {
      const name = el.getAttribute("data-field");
      if (!Object.prototype.hasOwnProperty.call(data, name)) continue;
      const value = data[name];
      if (isCheck(el)) {
        el.checked = value === true || value === "true";
        if (el.checked) any = true;
      } else {
        el.value = value == null ? "" : String(value);
        if (el.value) any = true;
      }
    }
    return any;
  }

  function save() {
    if (!store) return;
    try {
      store.setItem(KEY, JSON.stringify(collect()));
      status(say("worksheet.saved"));
    } catch {
      status(say("worksheet.save_failed"));
    }
  }

  function clear() {
    if (store) {
      try {
        store.removeItem(KEY);
      } catch {
        // nothing to forget
      }
    }
    for (const el of fields()) {
      if (isCheck(el)) el.checked = false;
      else el.value = "";
    }
    status(say("worksheet.cleared"));
  }

  // ---------- Save as story ----------

  function yamlString(text) {
    const clean = String(text).replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
    return `"${clean.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  }

  function slugify(text) {
    let s = String(text).toLowerCase();
    if (s.normalize) s = s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    s = s.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (s.length > 60) s = s.slice(0, 60).replace(/-+[^-]*$/, "") || s.slice(0, 60);
    return s || "story";
  }

  // What a learner typed, as Markdown that reads exactly as typed: nothing in it can
  // become HTML, a heading, a list, a quote, a table, code or a link. Characters that
  // Markdown or HTML act on anywhere are escaped with a backslash, so are those that act
  // at the start of a line, and leading spaces (which would make code) are dropped.
  function asMarkdownText(text) {
    return String(text)
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line
        .replace(/^[ \t]+/, "")
        .replace(/[\\`*_\[\]<>&|~$]/g, "\\$&")
        .replace(/^([#+=:-])/, "\\$1")
        .replace(/^(\d+)([.)])/, "$1\\$2"))
      .join("\n")
      .trim();
  }

  function fieldIn(form, name) {
    const el = form.querySelector(`[data-field$=".${name}"]`);
    return el ? el.value.trim() : "";
  }

  function storyMarkdown(form) {
    const principles = [];
    const fixed = (form.getAttribute("data-principle") || "").trim();
    if (fixed) {
      principles.push(fixed);
    } else {
      for (const item of fieldIn(form, "principles").split(",")) {
        const p = item.trim();
        if (p && !principles.includes(p)) principles.push(p);
      }
    }
    const title = fieldIn(form, "title")
      || (principles.length ? say("worksheet.story_for", { principle: principles[0] }) : say("worksheet.untitled"));

    const lines = [
      "---",
      `title: ${yamlString(title)}`,
      "kind: story",
      `principles: [${principles.map(yamlString).join(", ")}]`,
      "tags: []",
      "---",
      "",
    ];
    // The headings stay in English whatever the course's language: story lint finds
    // the parts of a story by these words.
    const parts = [
      ["Situation", "situation"],
      ["Task", "task"],
      ["Action", "action"],
      ["Result", "result"],
      ["Learning", "learning"],
    ];
    for (const [heading, name] of parts) {
      const text = asMarkdownText(fieldIn(form, name));
      lines.push(`## ${heading}`, "");
      if (text) lines.push(text, "");
    }
    return { name: `${slugify(title)}.md`, text: `${lines.join("\n").replace(/\n+$/, "")}\n` };
  }

  function download(name, text) {
    const blob = new Blob([text], { type: "text/markdown;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ---------- Wiring ----------

  // Every edit of a field is saved at once.
  const saveField = (event) => {
    if (event.target.hasAttribute?.("data-field")) save();
  };
  sheet.addEventListener("input", saveField);
  sheet.addEventListener("change", saveField);

  sheet.addEventListener("click", (event) => {
    const button = event.target.closest?.(".save-story");
    if (!button) return;
    const form = button.closest(".worksheet-form");
    if (!form) return;
    const story = storyMarkdown(form);
    download(story.name, story.text);
    status(say("worksheet.downloaded", { file: story.name }));
  });

  clearButton?.addEventListener("click", clear);

  if (!store) {
    status(say("worksheet.no_storage"));
  } else if (restore()) {
    status(say("worksheet.restored"));
  }
})();
