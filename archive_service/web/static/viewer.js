// The document viewer: one page at a time, zoom, rotation, page thumbnails, the keyboard.
// Progressive enhancement: without JavaScript every page is shown one under the other.
//
// Keys (outside form fields): ← → or Page Up / Page Down page, Home / End first / last page,
// + / − zoom, 0 fit the width, R rotate (Shift+R the other way).
"use strict";

(function () {
  const ZOOM_STEP = 1.25;
  const ZOOM_MIN = 0.25;
  const ZOOM_MAX = 6;

  function setupViewer(root) {
    const sections = Array.from(root.querySelectorAll("section.page"));
    if (!sections.length) return;
    const numbers = sections.map((s) => parseInt(s.dataset.page, 10));
    const toolbar = root.querySelector(".dv-toolbar");
    const num = root.querySelector(".dv-num");
    const zoomOut = root.querySelector(".dv-zoom-out");
    const zoomIn = root.querySelector(".dv-zoom-in");
    const zoomLabel = root.querySelector(".dv-zoom");
    const thumbs = Array.from(root.querySelectorAll(".dv-thumb"));
    const rotation = {};  // page number → quarter turns clockwise
    let zoom = 1;  // 1 = the page's width fits the viewer
    let current = numbers.includes(parseInt(root.dataset.current, 10))
      ? parseInt(root.dataset.current, 10) : numbers[0];

    root.classList.add("js");
    toolbar.hidden = false;

    function section(n) { return sections[numbers.indexOf(n)]; }

    // Size the current page for the zoom and rotation; keep the point at the centre of the
    // view where it was (``keep`` false: top left).
    function layout(keep) {
      const sec = section(current);
      const viewport = sec.querySelector(".dv-viewport");
      zoomLabel.value = Math.round(zoom * 100) + "%";
      zoomOut.disabled = zoom <= ZOOM_MIN + 1e-9;
      zoomIn.disabled = zoom >= ZOOM_MAX - 1e-9;
      if (!viewport) return;
      const stage = viewport.querySelector(".dv-stage");
      const image = viewport.querySelector(".page-image");
      const w0 = parseFloat(sec.dataset.width) || 1;
      const h0 = parseFloat(sec.dataset.height) || 1;
      const turns = rotation[current] || 0;
      const sideways = turns % 2 === 1;
      const before = keep ? centre(viewport, stage) : null;
      const scale = (viewport.clientWidth / (sideways ? h0 : w0)) * zoom;
      const w = w0 * scale;
      const h = h0 * scale;
      image.style.width = w + "px";
      image.style.height = h + "px";
      stage.style.width = (sideways ? h : w) + "px";
      stage.style.height = (sideways ? w : h) + "px";
      const shift = [[0, 0], [h, 0], [w, h], [0, w]][turns];
      image.style.transform = "translate(" + shift[0] + "px, " + shift[1] + "px) rotate(" + (90 * turns) + "deg)";
      stage.dataset.rotation = String(90 * turns);
      if (before) {
        viewport.scrollLeft = before[0] * stage.offsetWidth - viewport.clientWidth / 2;
        viewport.scrollTop = before[1] * stage.offsetHeight - viewport.clientHeight / 2;
      }
    }

    function centre(viewport, stage) {
      return [(viewport.scrollLeft + viewport.clientWidth / 2) / Math.max(1, stage.offsetWidth),
              (viewport.scrollTop + viewport.clientHeight / 2) / Math.max(1, stage.offsetHeight)];
    }

    // Scroll the viewer (never the window) so that the page's first hit box is in view.
    function showFirstHit() {
      const sec = section(current);
      const viewport = sec.querySelector(".dv-viewport");
      const box = sec.querySelector("rect.hitbox");
      if (!viewport || !box) return;
      const v = viewport.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      viewport.scrollTop += b.top - v.top - viewport.clientHeight / 3;
      viewport.scrollLeft += b.left - v.left - Math.max(0, (viewport.clientWidth - b.width) / 4);
    }

    function show(n, opts) {
      if (!numbers.includes(n)) return;
      current = n;
      sections.forEach((s) => {
        const on = parseInt(s.dataset.page, 10) === n;
        s.hidden = !on;
        s.classList.toggle("current", on);
        if (on) {
          const img = s.querySelector(".page-image img");
          if (img) img.loading = "eager";
        }
      });
      thumbs.forEach((t) => {
        if (parseInt(t.dataset.page, 10) === n) {
          t.setAttribute("aria-current", "page");
          scrollStripTo(t);
        } else {
          t.removeAttribute("aria-current");
        }
      });
      if (num) num.value = String(n);
      root.querySelectorAll(".dv-prev").forEach((b) => { b.disabled = n === numbers[0]; });
      root.querySelectorAll(".dv-next").forEach((b) => { b.disabled = n === numbers[numbers.length - 1]; });
      root.dataset.current = String(n);
      const viewport = section(n).querySelector(".dv-viewport");
      if (viewport) { viewport.scrollTop = 0; viewport.scrollLeft = 0; }
      layout(false);
      showFirstHit();
      if (!opts || opts.history !== false) {
        history.replaceState(history.state, "", "#page-" + n);
      }
    }

    // Keep the current thumbnail in view inside its strip, without moving the window.
    function scrollStripTo(thumb) {
      const strip = thumb.parentElement;
      const s = strip.getBoundingClientRect();
      const t = thumb.getBoundingClientRect();
      if (t.top < s.top) strip.scrollTop += t.top - s.top;
      else if (t.bottom > s.bottom) strip.scrollTop += t.bottom - s.bottom;
      if (t.left < s.left) strip.scrollLeft += t.left - s.left;
      else if (t.right > s.right) strip.scrollLeft += t.right - s.right;
    }

    function step(delta) {
      const i = numbers.indexOf(current) + delta;
      if (i >= 0 && i < numbers.length) show(numbers[i]);
    }

    function setZoom(z) {
      zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));
      layout(true);
    }

    function rotate(quarters) {
      rotation[current] = (((rotation[current] || 0) + quarters) % 4 + 4) % 4;
      layout(false);
    }

    root.addEventListener("click", (e) => {
      const target = e.target.closest("button, a[data-page]");
      if (!target || !root.contains(target)) return;
      if (target.matches("a[data-page]")) {
        e.preventDefault();
        show(parseInt(target.dataset.page, 10));
      } else if (target.classList.contains("dv-prev")) step(-1);
      else if (target.classList.contains("dv-next")) step(1);
      else if (target.classList.contains("dv-zoom-in")) setZoom(zoom * ZOOM_STEP);
      else if (target.classList.contains("dv-zoom-out")) setZoom(zoom / ZOOM_STEP);
      else if (target.classList.contains("dv-fit")) setZoom(1);
      else if (target.classList.contains("dv-rotate")) rotate(1);
    });
    if (num) {
      num.addEventListener("change", () => {
        const n = parseInt(num.value, 10);
        if (numbers.includes(n)) show(n); else num.value = String(current);
      });
    }

    document.addEventListener("keydown", (e) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      if (t.closest && t.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]")) return;
      const inside = root.contains(t);
      if (!inside && t !== document.body && t !== document.documentElement) return;
      const viewport = section(current).querySelector(".dv-viewport");
      const wide = viewport && viewport.scrollWidth > viewport.clientWidth + 1;
      let done = true;
      switch (e.key) {
        case "ArrowLeft": if (wide && inside) done = false; else step(-1); break;
        case "ArrowRight": if (wide && inside) done = false; else step(1); break;
        case "PageUp": if (inside) step(-1); else done = false; break;
        case "PageDown": if (inside) step(1); else done = false; break;
        case "Home": if (inside) show(numbers[0]); else done = false; break;
        case "End": if (inside) show(numbers[numbers.length - 1]); else done = false; break;
        case "+": case "=": setZoom(zoom * ZOOM_STEP); break;
        case "-": case "_": setZoom(zoom / ZOOM_STEP); break;
        case "0": setZoom(1); break;
        case "r": rotate(1); break;
        case "R": rotate(-1); break;
        default: done = false;
      }
      if (done) e.preventDefault();
    });

    let resizing = 0;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(resizing);
      resizing = requestAnimationFrame(() => layout(true));
    });
    window.addEventListener("hashchange", () => {
      const m = /^#page-(\d+)$/.exec(window.location.hash);
      if (m) show(parseInt(m[1], 10), { history: false });
    });

    const fromHash = /^#page-(\d+)$/.exec(window.location.hash);
    show(fromHash ? parseInt(fromHash[1], 10) : current, { history: !!fromHash });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".docviewer").forEach(setupViewer);
  });
})();
