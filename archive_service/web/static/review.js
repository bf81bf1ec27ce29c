// The review queue from the keyboard (review.html says the keys): Tab / Shift+Tab go from field
// to field; Enter accepts the field (as shown, or as corrected) and goes on, and on the last
// field saves and goes to the next document; Esc gives back the value read; Alt+K marks the
// field "không áp dụng"; Alt+Shift+K the whole document; Alt+N / Alt+P skip to the next /
// previous document. Ctrl+Enter (app.js) saves the whole document.
"use strict";

function setupReviewKeys() {
  const form = document.querySelector("form.review-form");
  if (!form) return;
  const fields = Array.from(form.querySelectorAll(".review-field"));
  const control = (field) => field.querySelector("input:not([type=checkbox]), select, textarea");
  const notApplicable = (field) => field.querySelector("input[type=checkbox]");
  const shown = (el) => (el.tagName === "SELECT" ? (el.value || "") : el.value).trim().split(/\s+/).join(" ");
  const original = (el) => (el.dataset.original || "").trim().split(/\s+/).join(" ");

  function setState(field) {
    let state = "accepted";
    if (notApplicable(field).checked) state = "na";
    else if (shown(control(field)) !== original(control(field))) state = "corrected";
    field.dataset.state = state;
    field.querySelector(".state").textContent = form.dataset[state === "accepted" ? "accepted" : state];
  }

  function restore(field) {
    const el = control(field);
    el.value = el.dataset.original || "";
    notApplicable(field).checked = false;
    field.dataset.state = "pending";
    field.querySelector(".state").textContent = "";
  }

  function highlight(field) {
    fields.forEach((f) => f.classList.toggle("active", f === field));
    document.querySelectorAll("rect.fieldbox").forEach((r) => {
      r.classList.toggle("active", r.dataset.field === field.dataset.field);
    });
    const box = document.querySelector(`rect.fieldbox[data-field="${field.dataset.field}"]`);
    const page = document.querySelector(`.review-page[data-page="${field.dataset.page || 1}"]`);
    const target = box || page;
    if (target && target.scrollIntoView) target.scrollIntoView({ block: "nearest" });
  }

  function focusField(i) {
    const el = control(fields[i]);
    el.focus();
    if (el.select && el.tagName !== "SELECT" && !el.readOnly) el.select();
  }

  fields.forEach((field, i) => {
    control(field).addEventListener("focus", () => highlight(field));
    control(field).addEventListener("change", () => setState(field));
    notApplicable(field).addEventListener("change", () => setState(field));
    field.dataset.index = String(i);
  });

  form.addEventListener("keydown", (e) => {
    if (e.isComposing || e.keyCode === 229) return;  // typing Vietnamese through an input method
    const field = e.target.closest(".review-field");
    if (!field) return;
    const i = Number(field.dataset.index);
    if (e.key === "Enter" && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) {
      if (e.target.dataset.multiline) return;  // Nơi nhận: one recipient a line
      e.preventDefault();
      setState(field);
      if (i + 1 < fields.length) focusField(i + 1);
      else form.requestSubmit();
    } else if (e.key === "Escape") {
      e.preventDefault();
      restore(field);
    } else if (e.altKey && !e.ctrlKey && e.code === "KeyK" && !e.shiftKey) {
      e.preventDefault();
      const box = notApplicable(field);
      box.checked = !box.checked;
      setState(field);
    }
  });

  document.addEventListener("keydown", (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const link = { KeyN: "a.next-doc", KeyP: "a.prev-doc" }[e.code];
    if (link && !e.shiftKey) {
      const a = document.querySelector(link);
      if (a) { e.preventDefault(); window.location.assign(a.href); }
    } else if (e.code === "KeyK" && e.shiftKey) {
      e.preventDefault();
      form.querySelector("button.na-all").click();
    }
  });

  if (fields.length) highlight(fields[0]);
}

document.addEventListener("DOMContentLoaded", setupReviewKeys);
