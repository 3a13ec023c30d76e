// The search page: Pagefind's JavaScript API, results drawn by hand so each shows its
// date and round, and excerpts that find Vietnamese typed without diacritics.
//
// The index holds each page's `đ` words a second time, folded to ASCII, after the
// FOLD_MARK word (site_builder/search.py): that is what lets `dam` find `đàm`. The
// excerpt is cut before that mark and matched here with the same folding, so the
// reader sees the article's own words highlighted.
//
// The index comes in shards (site_builder/search.py): the main bundle, which this script
// imports, and the others it lists in `shards.json`, merged into it (Pagefind's
// `mergeIndex`) so one search covers them all, filters included.
import * as pagefind from "../pagefind/pagefind.js";

const FOLD_MARK = "zzfoldedzz";
const PAGE_SIZE = 10;
const EXCERPT_WORDS = 32;
const BUNDLE = new URL("../pagefind/", import.meta.url);
// Every shard's result URLs are site paths from "/" (resolved by hand in `resultItem`):
// left to itself, Pagefind would put the folder the site is served from in front of them.
const OPTIONS = { excerptLength: EXCERPT_WORDS, baseUrl: "/" };

const strings = JSON.parse(document.getElementById("search-strings").textContent);
const form = document.querySelector(".search-form");
const queryInput = document.querySelector("[data-search-query]");
const filterBox = document.querySelector("[data-search-filters]");
const selects = [...document.querySelectorAll("[data-filter]")];
const statusLine = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const moreButton = document.querySelector("[data-search-more]");

// Folds one character at a time so the folded text lines up with the original, letter for letter.
function foldChar(c) {
  if (c === "đ") return "d";
  if (c === "Đ") return "d";
  return c.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().charAt(0) || c;
}

function fold(text) {
  return Array.from(text, foldChar).join("");
}

function terms(query) {
  return fold(query.normalize("NFC")).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

// The article's own text around the first matching word, with every match marked.
function excerpt(content, queryTerms) {
  const own = content.split(FOLD_MARK)[0].normalize("NFC");
  const chars = Array.from(own);
  const folded = chars.map(foldChar);
  const words = [];
  const wordRe = /[\p{L}\p{N}]+/gu;
  const foldedText = folded.join("");
  // Word boundaries from the folded text map to the same positions in `chars`.
  let match;
  const codeUnitToIndex = [];
  let unit = 0;
  chars.forEach((ch, i) => { for (let k = 0; k < ch.length; k++) codeUnitToIndex[unit++] = i; });
  while ((match = wordRe.exec(foldedText))) {
    const start = codeUnitToIndex[match.index];
    const end = codeUnitToIndex[match.index + match[0].length - 1] + 1;
    words.push({ start, end, folded: match[0] });
  }
  const hits = words.map((w) => queryTerms.some((t) => w.folded.startsWith(t)));
  const first = Math.max(0, hits.indexOf(true));
  const from = Math.max(0, first - Math.floor(EXCERPT_WORDS / 3));
  const to = Math.min(words.length, from + EXCERPT_WORDS);
  const fragment = document.createDocumentFragment();
  if (from > 0) fragment.append("… ");
  for (let i = from; i < to; i++) {
    const text = chars.slice(words[i].start, words[i].end).join("");
    if (hits[i]) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      fragment.append(mark);
    } else {
      fragment.append(text);
    }
    if (i + 1 < to) fragment.append(chars.slice(words[i].end, words[i + 1].start).join(""));
  }
  if (to < words.length) fragment.append(" …");
  return fragment;
}

function resultItem(data, queryTerms) {
  const item = document.createElement("li");
  item.className = "search-result";
  const meta = document.createElement("p");
  meta.className = "result-meta";
  meta.textContent = [data.meta.kind, data.meta.date, data.meta.round].filter(Boolean).join(" · ");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  // Pagefind gives site-root paths; the search page sits at the root, so a relative link
  // works whether the site is served from `/` or from a subpath.
  link.href = data.url.replace(/^\/+/, "");
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const text = document.createElement("p");
  text.className = "result-excerpt";
  text.append(excerpt(data.content || "", queryTerms));
  item.append(meta, heading, text);
  return item;
}

function activeFilters() {
  const filters = {};
  for (const select of selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  return filters;
}

async function fillFilters() {
  const available = await pagefind.filters();
  for (const select of selects) {
    const values = Object.keys(available[select.dataset.filter] || {}).sort((a, b) => a.localeCompare(b, "vi"));
    for (const value of values) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.append(option);
    }
  }
  filterBox.hidden = false;
}

let pending = [];
let currentTerms = [];
let run = 0;

async function showMore() {
  const batch = pending.splice(0, PAGE_SIZE);
  const mine = run;
  const data = await Promise.all(batch.map((r) => r.data()));
  if (mine !== run) return;
  for (const d of data) list.append(resultItem(d, currentTerms));
  moreButton.hidden = pending.length === 0;
}

async function search() {
  const query = queryInput.value.trim();
  const filters = activeFilters();
  const url = new URL(window.location.href);
  url.searchParams.set("q", query);
  for (const select of selects) {
    if (select.value) url.searchParams.set(select.dataset.filter, select.value);
    else url.searchParams.delete(select.dataset.filter);
  }
  window.history.replaceState(null, "", url);
  const mine = ++run;
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    statusLine.textContent = "";
    moreButton.hidden = true;
    return;
  }
  const found = await pagefind.search(query || null, { filters });
  if (mine !== run || !found) return;
  currentTerms = terms(query);
  pending = found.results.slice();
  list.replaceChildren();
  const n = found.results.length;
  statusLine.textContent = n === 0 ? strings.no_results : n === 1 ? strings.results_one : strings.results.replace("{n}", n);
  await showMore();
}

async function mergeShards() {
  // Asked again each time (`no-cache`), so that a page cached from before a rebuild never
  // merges shards that are gone.
  const response = await fetch(new URL("shards.json", BUNDLE), { cache: "no-cache" });
  const names = response.ok ? await response.json() : [];
  await Promise.all(names.map((name) => pagefind.mergeIndex(new URL(name, BUNDLE).href, OPTIONS)));
}

async function start() {
  await pagefind.options(OPTIONS);
  await pagefind.init();
  await mergeShards();
  document.querySelector("[data-search-fallback]").hidden = true;
  const params = new URLSearchParams(window.location.search);
  queryInput.value = params.get("q") || "";
  await fillFilters();
  for (const select of selects) select.value = params.get(select.dataset.filter) || "";
  let timer;
  queryInput.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  for (const select of selects) select.addEventListener("change", search);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  moreButton.addEventListener("click", showMore);
  queryInput.focus();
  await search();
}

start();
