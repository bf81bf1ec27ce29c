// Progressive enhancement only: every page works without JavaScript.
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

function setupUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const input = document.getElementById("file-input");
  const zone = document.getElementById("dropzone");
  const table = document.getElementById("upload-results");
  const body = table.querySelector("tbody");
  const msg = document.getElementById("upload-messages").dataset;
  const maxBytes = parseInt(form.dataset.maxBytes, 10);

  function row(file) {
    const tr = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = file.name;
    const prog = document.createElement("td");
    const bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    prog.appendChild(bar);
    const result = document.createElement("td");
    result.className = "result";
    tr.append(name, prog, result);
    body.appendChild(tr);
    table.hidden = false;
    return { tr, bar, result };
  }

  function show(ui, r) {
    ui.bar.value = 100;
    ui.result.textContent = "";
    if (r.id === null || r.id === undefined) {
      ui.tr.className = "result-rejected";
      ui.result.textContent = msg.rejected + " " + (r.error || "");
      return;
    }
    ui.tr.className = r.duplicate ? "result-duplicate" : "result-queued";
    ui.result.append((r.duplicate ? msg.duplicate : msg.queued) + " ");
    const a = document.createElement("a");
    a.href = r.url; a.textContent = "#" + r.id;
    ui.result.appendChild(a);
  }

  function send(file) {
    const ui = row(file);
    if (file.size > maxBytes) {
      show(ui, { id: null, error: msg.toolarge });
      return;
    }
    const data = new FormData();
    data.append("csrf_token", csrfToken());
    data.append("file", file, file.name);
    const fileCode = document.getElementById("upload-file-code");
    if (fileCode && fileCode.value) data.append("file_code", fileCode.value);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.pathname);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) ui.bar.value = Math.round(99 * e.loaded / e.total); };
    xhr.onload = () => {
      let payload = null;
      try { payload = JSON.parse(xhr.responseText); } catch (_) { payload = null; }
      if (payload && payload.results) show(ui, payload.results[0]);
      else show(ui, { id: null, error: (payload && payload.error) || msg.failed });
    };
    xhr.onerror = () => show(ui, { id: null, error: msg.failed });
    xhr.send(data);
  }

  function sendAll(files) { Array.from(files).forEach(send); }

  form.addEventListener("submit", (e) => {
    if (!input.files.length) return;
    e.preventDefault();
    sendAll(input.files);
    input.value = "";
    input.dispatchEvent(new Event("change"));
  });
  ["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.remove("over"); }));
  zone.addEventListener("drop", (e) => sendAll(e.dataTransfer.files));
}

function setupReview() {
  const form = document.querySelector("form.review-form");
  if (!form) return;
  // Enter in a text area adds a line; Ctrl+Enter submits from anywhere in the form.
  form.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
  });
}

// The search filters are always shown beside the results on a wide screen (app.css does it
// where the browser knows ::details-content; this does it elsewhere).
function showFiltersOnWideScreens() {
  const filters = document.querySelector("details.filters");
  if (filters && !CSS.supports("selector(::details-content)") &&
      window.matchMedia("(min-width: 801px)").matches) filters.open = true;
}

// Dates are typed dd/mm/yyyy: the browser's own complaint would be in its own language.
function setupDates() {
  document.querySelectorAll("input.vn-date").forEach((input) => {
    input.addEventListener("input", () => input.setCustomValidity(""));
    input.addEventListener("invalid", () => {
      if (input.validity.patternMismatch) input.setCustomValidity(input.dataset.invalid);
    });
  });
}

// The file picker's own button says "Choose Files" in an English browser: a Vietnamese label
// stands for it, and the chosen names are shown beside it.
function setupFilePick() {
  document.querySelectorAll(".file-pick").forEach((pick) => {
    const input = pick.querySelector("input[type=file]");
    const names = pick.querySelector(".file-names");
    if (!input || !names) return;
    const show = () => {
      const files = Array.from(input.files || []).map((f) => f.name);
      names.textContent = files.length ? files.join(", ") : names.dataset.none;
    };
    input.addEventListener("change", show);
    if (input.form) input.form.addEventListener("reset", () => setTimeout(show));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  showFiltersOnWideScreens(); setupDates(); setupFilePick(); setupUpload(); setupReview();
});
