/* prepress: story worksheets.
   Every [data-field] inside [data-worksheet] is kept in localStorage under
   "prepress:worksheet:<slug>" as one JSON object (field -> text, or true/false for
   checkboxes). "Clear worksheet" forgets it. "Save as story" downloads the form as a
   Markdown story file with front matter. */
(function () {
  "use strict";

  var sheet = document.querySelector("[data-worksheet]");
  if (!sheet) return;

  var KEY = "prepress:worksheet:" + sheet.getAttribute("data-worksheet");
  var statusEl = document.getElementById("worksheet-status");
  var clearButton = document.getElementById("worksheet-clear");

  function fields() {
    return Array.prototype.slice.call(sheet.querySelectorAll("[data-field]"));
  }

  function isCheck(el) {
    return el.type === "checkbox" || el.type === "radio";
  }

  function status(text) {
    if (statusEl) statusEl.textContent = text;
  }

  function storage() {
    try {
      var s = window.localStorage;
      var probe = "prepress:probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (error) {
      return null;
    }
  }

  var store = storage();

  function collect() {
    var data = {};
    fields().forEach(function (el) {
      data[el.getAttribute("data-field")] = isCheck(el) ? el.checked : el.value;
    });
    return data;
  }

  function restore() {
    if (!store) return false;
    var data;
    try {
      data = JSON.parse(store.getItem(KEY) || "null");
    } catch (error) {
      data = null;
    }
    if (!data || typeof data !== "object") return false;
    var any = false;
    fields().forEach(function (el) {
      var name = el.getAttribute("data-field");
      if (!Object.prototype.hasOwnProperty.call(data, name)) return;
      var value = data[name];
      if (isCheck(el)) {
        el.checked = value === true || value === "true";
        if (el.checked) any = true;
      } else {
        el.value = value == null ? "" : String(value);
        if (el.value) any = true;
      }
    });
    return any;
  }

  function save() {
    if (!store) return;
    try {
      store.setItem(KEY, JSON.stringify(collect()));
      status("Saved in this browser");
    } catch (error) {
      status("Could not save in this browser (storage is full or blocked).");
    }
  }

  function clear() {
    if (store) {
      try {
        store.removeItem(KEY);
      } catch (error) {
        /* nothing to forget */
      }
    }
    fields().forEach(function (el) {
      if (isCheck(el)) el.checked = false;
      else el.value = "";
    });
    status("Worksheet cleared");
  }

  /* ---------- Save as story ---------- */

  function yamlString(text) {
    var clean = String(text).replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
    return '"' + clean.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }

  function slugify(text) {
    var s = String(text).toLowerCase();
    if (s.normalize) s = s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    s = s.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (s.length > 60) s = s.slice(0, 60).replace(/-+[^-]*$/, "") || s.slice(0, 60);
    return s || "story";
  }

  /* What a learner typed, as Markdown that reads exactly as typed: nothing in it can
     become HTML, a heading, a list, a quote, a table, code or a link. Characters that
     Markdown or HTML act on anywhere are escaped with a backslash, so are those that act
     at the start of a line, and leading spaces (which would make code) are dropped. */
  function asMarkdownText(text) {
    return String(text)
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map(function (line) {
        return line
          .replace(/^[ \t]+/, "")
          .replace(/[\\`*_\[\]<>&|~$]/g, "\\$&")
          .replace(/^([#+=:-])/, "\\$1")
          .replace(/^(\d+)([.)])/, "$1\\$2");
      })
      .join("\n")
      .trim();
  }

  function fieldIn(form, name) {
    var el = form.querySelector('[data-field$=".' + name + '"]');
    return el ? el.value.trim() : "";
  }

  function storyMarkdown(form) {
    var principles = [];
    var fixed = (form.getAttribute("data-principle") || "").trim();
    if (fixed) {
      principles.push(fixed);
    } else {
      fieldIn(form, "principles").split(",").forEach(function (p) {
        p = p.trim();
        if (p && principles.indexOf(p) === -1) principles.push(p);
      });
    }
    var title = fieldIn(form, "title");
    if (!title) title = principles.length ? "Story for " + principles[0] : "Untitled story";

    var lines = [
      "---",
      "title: " + yamlString(title),
      "kind: story",
      "principles: [" + principles.map(yamlString).join(", ") + "]",
      "tags: []",
      "---",
      ""
    ];
    [
      ["Situation", "situation"],
      ["Task", "task"],
      ["Action", "action"],
      ["Result", "result"],
      ["Learning", "learning"]
    ].forEach(function (part) {
      var text = asMarkdownText(fieldIn(form, part[1]));
      lines.push("## " + part[0], "");
      if (text) lines.push(text, "");
    });
    return { name: slugify(title) + ".md", text: lines.join("\n").replace(/\n+$/, "") + "\n" };
  }

  function download(name, text) {
    var blob = new Blob([text], { type: "text/markdown;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* ---------- Wiring ---------- */

  sheet.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-field")) save();
  });
  sheet.addEventListener("change", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-field")) save();
  });

  sheet.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".save-story") : null;
    if (!button) return;
    var form = button.closest(".worksheet-form");
    if (!form) return;
    var story = storyMarkdown(form);
    download(story.name, story.text);
    status("Downloaded " + story.name + ". Put it with your stories and rebuild.");
  });

  if (clearButton) clearButton.addEventListener("click", clear);

  if (!store) {
    status("This browser cannot keep your answers; print the page or save each story.");
  } else if (restore()) {
    status("Restored from this browser");
  }
})();
