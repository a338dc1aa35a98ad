// The notes box's pure parts (site/_static/course-notes.js), run with `node --test tests/site/js/`.
// The box in a real page (typing, reload, other pages, export, clear) is tested in Chromium by
// tests/site/test_site_browser.py.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const notes = require(path.join(__dirname, "..", "..", "..", "site", "_static", "course-notes.js"));

/** A localStorage stand-in: getItem/setItem/removeItem over a Map, optionally with a quota. */
function memoryStorage(quota = Infinity) {
  const items = new Map();
  return {
    items,
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => {
      if (String(v).length > quota) {
        const err = new Error("quota exceeded");
        err.name = "QuotaExceededError";
        throw err;
      }
      items.set(k, String(v));
    },
    removeItem: (k) => items.delete(k),
  };
}

const refusingStorage = {
  getItem() { throw new Error("SecurityError"); },
  setItem() { throw new Error("SecurityError"); },
  removeItem() { throw new Error("SecurityError"); },
};

test("each page has its own key, under the course's prefix", () => {
  const a = notes.storageKey("notebooks/01_intuition_and_definitions");
  const b = notes.storageKey("notebooks/02_identities_and_theorems");
  assert.equal(a, "mi-course:notes:v1:notebooks/01_intuition_and_definitions");
  assert.notEqual(a, b);
  assert.throws(() => notes.storageKey(""), /page name/);
  assert.throws(() => notes.storageKey(undefined), /page name/);
});

test("the limit is 8000 characters and the counter shows used/limit", () => {
  assert.equal(notes.DEFAULT_LIMIT, 8000);
  assert.equal(notes.counterText("", 8000), "0/8000");
  assert.equal(notes.counterText("abc", 8000), "3/8000");
  assert.equal(notes.counterText("x".repeat(8000), 8000), "8000/8000");
});

test("a note longer than the limit is cut to the limit, a shorter one is kept whole", () => {
  assert.equal(notes.clampNote("x".repeat(8001), 8000).length, 8000);
  assert.equal(notes.clampNote("y".repeat(20000), 8000), "y".repeat(8000));
  assert.equal(notes.clampNote("short note", 8000), "short note");
  assert.equal(notes.clampNote(null, 8000), "");
});

test("cutting never leaves half of an emoji (a surrogate pair)", () => {
  const text = "a" + "😀".repeat(10);  // 1 + 20 code units
  const cut = notes.clampNote(text, 4);  // "a", then 1.5 emoji would fit
  assert.equal(cut, "a😀");
  assert.equal(cut.length, 3);
  assert.ok(!/[\ud800-\udbff]$/.test(cut));
  assert.equal(notes.clampNote(text, 5), "a😀😀");
});

test("save then load gives the note back; pages do not see each other's notes", () => {
  const storage = memoryStorage();
  assert.equal(notes.save(storage, "p1", "ρ = 0.9, I = -½ log(1-ρ²)", 8000), "ρ = 0.9, I = -½ log(1-ρ²)");
  assert.equal(notes.load(storage, "p1"), "ρ = 0.9, I = -½ log(1-ρ²)");
  assert.equal(notes.load(storage, "p2"), "");
  assert.deepEqual([...storage.items.keys()], [notes.storageKey("p1")]);
});

test("saving stores at most the limit, and an empty note removes the key", () => {
  const storage = memoryStorage();
  assert.equal(notes.save(storage, "p", "z".repeat(9000), 8000).length, 8000);
  assert.equal(notes.load(storage, "p").length, 8000);
  assert.equal(notes.save(storage, "p", "", 8000), "");
  assert.equal(storage.items.size, 0);
});

test("a storage that refuses reads as empty and saving reports null instead of throwing", () => {
  assert.equal(notes.load(refusingStorage, "p"), "");
  assert.equal(notes.save(refusingStorage, "p", "text", 8000), null);
  const small = memoryStorage(5);
  assert.equal(notes.save(small, "p", "too long", 8000), null);
  assert.equal(notes.load(small, "p"), "");
});

test("the exported file is named after the page, with no path separators", () => {
  assert.equal(notes.exportFileName("notebooks/04_estimation_and_bounds"),
    "notebooks_04_estimation_and_bounds-notes.txt");
  assert.equal(notes.exportFileName("index"), "index-notes.txt");
  assert.equal(notes.exportFileName("../.."), "page-notes.txt");
  assert.ok(!notes.exportFileName("a/b\\c:d").match(/[/\\:]/));
});

test("loading the script in node neither touches a DOM nor throws", () => {
  assert.equal(typeof notes.attachAll, "function");
  assert.equal(typeof globalThis.CourseNotes, "undefined");
});
