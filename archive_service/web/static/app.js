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
  const live = liveBatch(table, { pending: () => inflight, summary: msg.summary });
  let inflight = 0;
  let batchKey = "";

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
    const state = document.createElement("td");
    state.className = "state";
    tr.append(name, prog, result, state);
    body.appendChild(tr);
    table.hidden = false;
    return { tr, bar, result, state };
  }

  function show(ui, r) {
    ui.bar.value = 100;
    ui.result.textContent = "";
    ui.state.textContent = "";
    if (r.id === null || r.id === undefined) {
      ui.tr.className = "result-rejected";
      ui.result.textContent = msg.rejected + " " + (r.error || "");
      return;
    }
    ui.tr.className = r.duplicate ? "result-duplicate" : "result-queued";
    ui.tr.dataset.doc = r.id;
    if (r.status === "queued") { ui.state.dataset.state = "queued"; ui.state.textContent = msg.waiting; }
    ui.result.append((r.duplicate ? msg.duplicate : msg.queued) + " ");
    const a = document.createElement("a");
    a.href = r.url; a.textContent = "#" + r.id;
    ui.result.appendChild(a);
    if (r.batch) live.follow(r.batch);
  }

  function send(file) {
    const ui = row(file);
    if (file.size > maxBytes) {
      show(ui, { id: null, error: msg.toolarge });
      return;
    }
    const data = new FormData();
    data.append("csrf_token", csrfToken());
    data.append("batch_key", batchKey);
    data.append("file", file, file.name);
    const fileCode = document.getElementById("upload-file-code");
    if (fileCode && fileCode.value) data.append("file_code", fileCode.value);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.pathname);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) ui.bar.value = Math.round(99 * e.loaded / e.total); };
    inflight += 1;
    xhr.onloadend = () => { inflight -= 1; };
    xhr.onload = () => {
      let payload = null;
      try { payload = JSON.parse(xhr.responseText); } catch (_) { payload = null; }
      if (payload && payload.results) show(ui, payload.results[0]);
      else show(ui, { id: null, error: (payload && payload.error) || msg.failed });
    };
    xhr.onerror = () => show(ui, { id: null, error: msg.failed });
    xhr.send(data);
  }

  function newKey() {
    const bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // the files of one choice or one drop form one upload batch
  function sendAll(files) { batchKey = newKey(); Array.from(files).forEach(send); }

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

// Follows an upload batch: asks /api/v1/batches/<id> every 2 seconds while anything of it is
// waiting or being processed, and writes each document's state into its rows
// (tr[data-doc] td.state) and the counts into [data-count] (the batch page).
function liveBatch(table, options) {
  const words = (document.getElementById("batch-messages") || { dataset: {} }).dataset;
  const link = document.getElementById("batch-link");
  let timer = null;

  function note(cell, text, href) {
    cell.append(" · ");
    if (href) {
      const a = document.createElement("a");
      a.href = href; a.textContent = text;
      cell.appendChild(a);
    } else {
      cell.append(text);
    }
  }

  function update(data) {
    data.items.forEach((item) => {
      if (item.document === null) return;
      table.querySelectorAll('tr[data-doc="' + item.document + '"]').forEach((tr) => {
        tr.dataset.status = item.status;
        const cell = tr.querySelector("td.state");
        if (!cell) return;
        cell.dataset.state = item.status;
        cell.textContent = item.label;
        if (item.review.length) note(cell, (words.review || "") + " (" + item.review.length + ")", "/review/" + item.document);
        item.duplicate_of.forEach((other) => note(cell, (words.duplicate || "") + " #" + other, "/documents/" + other));
      });
    });
    document.querySelectorAll("[data-count]").forEach((el) => {
      if (data.counts[el.dataset.count] !== undefined && el.closest("[data-live-counts]")) el.textContent = data.counts[el.dataset.count];
    });
    if (link) {
      const c = data.counts;
      const a = link.querySelector("a");
      a.href = a.dataset.template + data.id;
      link.querySelector(".batch-id").textContent = "#" + data.id;
      if (options.summary) {
        link.querySelector(".batch-summary").textContent = options.summary
          .replace("{done}", c.done).replace("{total}", c.total).replace("{failed}", c.failed)
          .replace("{waiting}", c.queued + c.processing);
      }
      link.hidden = false;
    }
    table.dataset.finished = data.finished && !(options.pending && options.pending()) ? "1" : "0";
  }

  async function tick() {
    timer = null;
    try {
      const response = await fetch(table.dataset.api + table.dataset.batch, {
        credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) {
        const data = await response.json();
        update(data);
        if (table.dataset.finished === "1") return;
      }
    } catch (_) { /* the next tick tries again */ }
    timer = setTimeout(tick, 2000);
  }

  function follow(batch) {
    table.dataset.batch = batch;
    if (!timer) timer = setTimeout(tick, 300);
  }

  if (table.dataset.batch) follow(table.dataset.batch);
  return { follow };
}

function setupBatchPage() {
  const table = document.getElementById("batch-items");
  if (table) liveBatch(table, {});
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
  showFiltersOnWideScreens(); setupDates(); setupFilePick(); setupUpload(); setupBatchPage(); setupReview();
});
