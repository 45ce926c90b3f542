/* The service worker of the offline copy (served from /sw.js, scope "/"; registered by js/offline.js
   when a reader saves a copy).

   A copy is one Cache Storage cache per language ("offline-copy-<lang>-<edition>-<time>"), written whole
   by js/offline.js before the entry "/offline-meta/<lang>.json" of the cache "offline-meta" is switched
   to it; the old one is deleted after the switch. This worker reads only the caches named there, so a
   page never mixes two editions.

   Without a saved copy, every request simply goes to the network. With one, pages come from the network;
   when it fails or hangs (6 s), from the copy, with the banner "offline copy — edition N of <date>, saved
   N days ago" written in at base.html's marker. A page the copy lacks (search, the guide with answers)
   waits for the network, and gets the copy's "not saved offline" page when the network fails. Nothing is
   ever written to a cache here: the guide's answers in a query string stay in the URL. */

"use strict";

const META_CACHE = "offline-meta";
const MARKER = "<!--offline-banner-->";
const NETWORK_TIMEOUT_MS = 6000;
// collectstatic's hashed names ("site.3f2a9c1b7d4e.css") never change content: the copy's file is right
const HASHED_STATIC = /^\/static\/.*\.[0-9a-f]{12}\.[a-z0-9]+$/;
const NEVER = ["/sw.js"];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function savedCopies() {
  const meta = await caches.open(META_CACHE);
  const copies = [];
  for (const key of await meta.keys()) {
    const entry = await meta.match(key);
    if (entry) copies.push(await entry.json());
  }
  return copies;
}

function languageOf(url) {
  const match = url.pathname.match(/^\/([a-z]{2})\//);
  return match ? match[1] : null;
}

/* The copies to look in, the one in the URL's language first. */
async function copiesFor(url) {
  const lang = languageOf(url);
  const copies = await savedCopies();
  return copies.sort((a, b) => (b.language === lang) - (a.language === lang));
}

async function fromCopies(copies, key) {
  for (const copy of copies) {
    if (!(await caches.has(copy.cache))) continue;
    const hit = await (await caches.open(copy.cache)).match(key);
    if (hit) return { copy, response: hit };
  }
  return null;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function bannerText(copy) {
  const days = Math.max(0, Math.floor((Date.now() - copy.saved_at) / 86400000));
  if (days === 0) return copy.banner.today;
  if (days === 1) return copy.banner.one;
  return copy.banner.other.replace("{days}", String(days));
}

async function withBanner(copy, response) {
  const html = await response.text();
  const banner =
    '<div class="offline-banner alert alert-warning rounded-0 border-0 border-bottom mb-0 text-center" ' +
    'role="status" data-offline-edition="' + copy.edition + '"><i class="bi bi-cloud-slash" aria-hidden="true"></i> ' +
    escapeHtml(bannerText(copy)) + "</div>";
  const headers = { "Content-Type": "text/html; charset=utf-8" };
  if (copy.csp) headers["Content-Security-Policy"] = copy.csp;
  return new Response(html.replace(MARKER, banner), { headers });
}

/* The network's answer within `timeout` ms, or a rejection (the answer may still come later). */
function within(answer, timeout) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), timeout);
    answer.then(
      (response) => { clearTimeout(timer); resolve(response); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}

async function page(request, url) {
  const copies = await copiesFor(url);
  const answer = fetch(request);
  if (!copies.length) return answer;
  answer.catch(() => {}); // awaited below only when the copy lacks the page
  try {
    return await within(answer, NETWORK_TIMEOUT_MS);
  } catch (error) {
    // a page with a query string is never in the copy; the offline guide's page reads its answers from it
    const path = url.pathname;
    const queryPages = copies.flatMap((copy) => copy.query_pages || []);
    const key = url.search && !queryPages.includes(path) ? null : path;
    const found = key ? await fromCopies(copies, key) : null;
    if (found) {
      const type = found.response.headers.get("Content-Type") || "";
      return type.startsWith("text/html") ? withBanner(found.copy, found.response) : found.response;
    }
    try {
      return await answer; // a slow line: the page the copy lacks may still come
    } catch (failure) {
      const copy = copies[0];
      const missing = await fromCopies([copy], copy.not_saved);
      if (missing) return withBanner(missing.copy, missing.response);
      throw failure;
    }
  }
}

async function file(request, url) {
  const copies = await copiesFor(url);
  if (!copies.length) return fetch(request);
  const key = url.pathname + url.search;
  if (HASHED_STATIC.test(url.pathname)) {
    const found = await fromCopies(copies, key);
    if (found) return found.response;
  }
  const answer = fetch(request);
  answer.catch(() => {});
  try {
    return await within(answer, NETWORK_TIMEOUT_MS);
  } catch (error) {
    const found = await fromCopies(copies, key);
    if (found) return found.response;
    return answer;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.includes(url.pathname)) return;
  // the copy's own lists always come from the server
  if (/^\/[a-z]{2}\/offline\/(manifest|bundle)\.json$/.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else {
    event.respondWith(file(request, url));
  }
});
