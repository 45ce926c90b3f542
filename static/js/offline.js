/* The offline copy of the published edition, in the reader's browser (offline app; the service worker is
   /sw.js, templates/offline/sw.js).

   Saving: /<lang>/offline/manifest.json says what the current edition's copy holds; one compressed
   request (/<lang>/offline/bundle.json) brings every page and the static files they use; the ticked PDFs
   follow one by one. Everything goes into a new cache; only when it is whole does the entry
   "/offline-meta/<lang>.json" switch to it, and the previous copy is deleted: never two editions mixed.

   On every page, online, with a copy saved: a newer edition in the manifest is offered as an update
   (its texts come with the manifest), applied the same way. */

"use strict";

(() => {
  const META_CACHE = "offline-meta";
  const supported = "serviceWorker" in navigator && "caches" in window;
  const metaKey = (lang) => `/offline-meta/${lang}.json`;
  const manifestUrl = (lang) => `/${lang}/offline/manifest.json`;
  const bundleUrl = (lang) => `/${lang}/offline/bundle.json`;
  const withoutLanguage = (url) => url.replace(/^\/[a-z]{2}\//, "/");
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));

  function megabytes(bytes) {
    const lang = document.documentElement.lang || "bg";
    return `${(bytes / 1e6).toLocaleString(lang, { maximumFractionDigits: 2, minimumFractionDigits: 2 })} MB`;
  }

  async function savedCopy(lang) {
    if (!supported) return null;
    const hit = await (await caches.open(META_CACHE)).match(metaKey(lang));
    return hit ? hit.json() : null;
  }

  async function registerWorker() {
    await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    await navigator.serviceWorker.ready;
  }

  function decode(file) {
    if ("text" in file) return new Blob([file.text], { type: file.type });
    const raw = atob(file.base64);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return new Blob([bytes], { type: file.type });
  }

  async function fetchOk(url) {
    const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) throw new Error(`${response.status} ${url}`);
    return response;
  }

  /* The bundle's JSON, reporting the bytes received so far (the longest part of saving on a slow line). */
  async function readWithProgress(response, report) {
    if (!response.body || !window.TextDecoder) return response.json();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      text += decoder.decode(value, { stream: true });
      report({ done: 0, total: 0, bytes: received, phase: "download" });
    }
    return JSON.parse(text + decoder.decode());
  }

  /* Save the current edition in `lang` with the PDFs whose language-free paths are in `pdfPaths`.
     report({done, total, bytes, phase}) follows the progress. Returns the new copy's entry. */
  async function saveCopy(lang, pdfPaths, report) {
    // the manifest and the bundle at once (one round trip, not two, on a slow line); the bundle must be
    // of the manifest's edition, or nothing is saved
    const [manifest, bundle] = await Promise.all([
      fetchOk(manifestUrl(lang)).then((response) => response.json()),
      fetchOk(bundleUrl(lang)).then((response) => readWithProgress(response, report)),
    ]);
    const pdfs = manifest.pdfs.filter((pdf) => pdfPaths.includes(withoutLanguage(pdf.url)));
    const name = `offline-copy-${lang}-${manifest.edition}-${Date.now()}`;
    const total = manifest.pages.length + pdfs.length;
    let bytes = 0;
    report({ done: 0, total, bytes, phase: "pages" });
    const cache = await caches.open(name);
    try {
      if (bundle.edition !== manifest.edition) throw new Error("edition changed while saving");
      const puts = [];
      for (const [url, html] of Object.entries(bundle.pages)) {
        const body = new Blob([html], { type: "text/html" });
        bytes += body.size;
        puts.push(cache.put(url, new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8" } })));
      }
      for (const [url, file] of Object.entries(bundle.static)) {
        const body = decode(file);
        bytes += body.size;
        puts.push(cache.put(url, new Response(body, { headers: { "Content-Type": file.type } })));
      }
      await Promise.all(puts);
      let done = Object.keys(bundle.pages).length;
      report({ done, total, bytes, phase: "pdfs" });
      const savedPdfs = [];
      const missingPdfs = [];
      for (const pdf of pdfs) {
        const response = await fetch(pdf.url, { credentials: "same-origin" });
        const type = response.headers.get("Content-Type") || "";
        if (response.ok && type.startsWith("application/pdf")) {
          const body = await response.blob();
          await cache.put(pdf.url, new Response(body, { headers: { "Content-Type": "application/pdf" } }));
          bytes += body.size;
          savedPdfs.push(withoutLanguage(pdf.url));
        } else {
          missingPdfs.push(pdf.title);
        }
        done += 1;
        report({ done, total, bytes, phase: "pdfs" });
      }
      const copy = {
        cache: name,
        language: lang,
        edition: manifest.edition,
        published_at: manifest.published_at,
        saved_at: Date.now(),
        bytes,
        pages: Object.keys(bundle.pages).length,
        pdfs: savedPdfs,
        missing_pdfs: missingPdfs,
        banner: manifest.banner,
        not_saved: manifest.not_saved,
        query_pages: manifest.query_pages,
        csp: bundle.csp,
      };
      // the switch: one write; then the old copy goes
      await (await caches.open(META_CACHE)).put(
        metaKey(lang),
        new Response(JSON.stringify(copy), { headers: { "Content-Type": "application/json" } }),
      );
      for (const key of await caches.keys()) {
        if (key.startsWith(`offline-copy-${lang}-`) && key !== name) await caches.delete(key);
      }
      return copy;
    } catch (error) {
      await caches.delete(name);
      throw error;
    }
  }

  async function deleteCopy(lang) {
    await (await caches.open(META_CACHE)).delete(metaKey(lang));
    for (const key of await caches.keys()) {
      if (key.startsWith(`offline-copy-${lang}-`)) await caches.delete(key);
    }
  }

  /* The save page (/<lang>/offline/) */

  function describeCopy(form, copy) {
    const status = form.querySelector("[data-offline-status]");
    const remove = form.querySelector("[data-offline-delete]");
    if (!copy) {
      status.textContent = form.dataset.textNone;
      remove.hidden = true;
      return;
    }
    const saved = new Date(copy.saved_at).toLocaleDateString(document.documentElement.lang || "bg");
    let text = fill(form.dataset.textSaved, {
      edition: copy.edition,
      saved,
      size: megabytes(copy.bytes),
      pages: copy.pages,
      pdfs: copy.pdfs.length,
    });
    if (copy.missing_pdfs && copy.missing_pdfs.length) {
      text += ` ${fill(form.dataset.textMissing, { titles: copy.missing_pdfs.join(", ") })}`;
    }
    status.textContent = text;
    remove.hidden = false;
  }

  function savePage(form) {
    const progress = form.querySelector("progress");
    const message = form.querySelector("[data-offline-progress]");
    const button = form.querySelector("button[type=submit]");
    const chosenLanguage = () => form.querySelector("input[name=language]:checked").value;
    const refresh = async () => describeCopy(form, await savedCopy(chosenLanguage()));

    if (!supported) {
      message.textContent = form.dataset.textUnsupported;
      button.disabled = true;
      return;
    }
    refresh();
    form.querySelectorAll("input[name=language]").forEach((input) => input.addEventListener("change", refresh));
    form.querySelectorAll("[data-offline-group]").forEach((toggle) => {
      toggle.addEventListener("change", () => {
        form
          .querySelectorAll(`input[name=pdf][data-group="${toggle.dataset.offlineGroup}"]`)
          .forEach((input) => { input.checked = toggle.checked; });
      });
    });
    form.querySelector("[data-offline-delete]").addEventListener("click", async () => {
      await deleteCopy(chosenLanguage());
      message.textContent = form.dataset.textDeleted;
      refresh();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const lang = chosenLanguage();
      const pdfPaths = [...form.querySelectorAll("input[name=pdf]:checked")].map((input) => withoutLanguage(input.value));
      button.disabled = true;
      progress.hidden = false;
      const started = performance.now();
      try {
        const worker = registerWorker();
        const copy = await saveCopy(lang, pdfPaths, ({ done, total, bytes, phase }) => {
          if (phase === "download") {
            progress.removeAttribute("value"); // the parts are not known yet: an indeterminate bar
            message.textContent = fill(form.dataset.textDownload, { size: megabytes(bytes) });
            return;
          }
          progress.max = total;
          progress.value = done;
          message.textContent = fill(form.dataset.textProgress, { done, total, size: megabytes(bytes) });
        });
        await worker;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        message.textContent = fill(form.dataset.textDone, { edition: copy.edition, size: megabytes(copy.bytes), seconds });
        form.dataset.savedEdition = copy.edition;
        form.dataset.savedSeconds = seconds;
        refresh();
      } catch (error) {
        message.textContent = fill(form.dataset.textFailed, { error: error.message });
      } finally {
        button.disabled = false;
      }
    });
  }

  /* Every page: a newer edition offered as an update */

  async function offerUpdate() {
    const lang = document.documentElement.lang;
    if (!supported || !navigator.onLine || !lang || document.querySelector(".offline-update")) return;
    const copy = await savedCopy(lang);
    if (!copy) return;
    let manifest;
    try {
      manifest = await (await fetchOk(manifestUrl(lang))).json();
    } catch (error) {
      return; // offline after all, or the server is away: the copy stays as it is
    }
    if (manifest.edition <= copy.edition || document.querySelector(".offline-update")) return;
    const texts = manifest.update;
    const notice = document.createElement("div");
    notice.className = "offline-update container alert alert-info d-flex flex-wrap align-items-center gap-2 mt-2";
    notice.setAttribute("role", "status");
    const text = document.createElement("span");
    text.textContent = fill(texts.text, { new: manifest.edition, old: copy.edition });
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-primary";
    button.textContent = texts.button;
    const status = document.createElement("span");
    notice.append(text, button, status);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await registerWorker();
        const updated = await saveCopy(lang, copy.pdfs, ({ done, total, phase }) => {
          if (phase !== "download") status.textContent = fill(texts.progress, { done, total });
        });
        status.textContent = fill(texts.done, { new: updated.edition });
        button.hidden = true;
      } catch (error) {
        status.textContent = fill(texts.failed, { old: copy.edition, error: error.message });
        button.disabled = false;
      }
    });
    document.getElementById("main").before(notice);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("offline-save");
    if (form) savePage(form);
    offerUpdate();
  });
  window.addEventListener("online", offerUpdate);
})();
