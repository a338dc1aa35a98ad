/*
 * Private notes, one per page, kept in the browser's localStorage and never sent anywhere.
 *
 * The page carries an <aside class="course-notes" data-page="..."> (added by the site's Sphinx
 * extension); this script fills it from storage, saves on every edit, counts characters against
 * the limit, and offers Export (a .txt download made in the browser) and Clear.
 * The pure parts (key, limit, counter, file name) are exported for node's test runner.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.CourseNotes = api;
    if (root.document) {
      if (root.document.readyState === "loading") {
        root.document.addEventListener("DOMContentLoaded", function () { api.attachAll(root); });
      } else {
        api.attachAll(root);
      }
    }
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var PREFIX = "mi-course:notes:v1:";
  var DEFAULT_LIMIT = 8000;

  /** The localStorage key of a page's note; pages are named by their Sphinx page name. */
  function storageKey(page) {
    if (typeof page !== "string" || page === "") {
      throw new Error("storageKey needs the page name");
    }
    return PREFIX + page;
  }

  /**
   * The note as it may be stored: at most `limit` UTF-16 code units, the unit the textarea's
   * maxlength counts, never ending in half of a surrogate pair (an emoji is kept whole or dropped).
   */
  function clampNote(text, limit) {
    var note = String(text == null ? "" : text);
    if (note.length <= limit) {
      return note;
    }
    var end = limit;
    var last = note.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      end -= 1;
    }
    return note.slice(0, end);
  }

  /** Characters in a note as the counter shows them (code units, as maxlength counts them). */
  function noteLength(text) {
    return String(text).length;
  }

  /** The counter's text, e.g. "12/8000". */
  function counterText(text, limit) {
    return noteLength(text) + "/" + limit;
  }

  /** The name of the exported file: the page name with separators made safe, then -notes.txt. */
  function exportFileName(page) {
    var base = String(page).replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^[_.]+|[_.]+$/g, "");
    return (base || "page") + "-notes.txt";
  }

  /** Read a page's note; a storage that refuses (privacy mode, disabled) reads as empty. */
  function load(storage, page) {
    try {
      return storage.getItem(storageKey(page)) || "";
    } catch (e) {
      return "";
    }
  }

  /**
   * Store a page's note (an empty note removes the key). Returns the text stored, or null when
   * the storage refused it (quota, disabled storage).
   */
  function save(storage, page, text, limit) {
    var note = clampNote(text, limit);
    try {
      if (note === "") {
        storage.removeItem(storageKey(page));
      } else {
        storage.setItem(storageKey(page), note);
      }
      return note;
    } catch (e) {
      return null;
    }
  }

  function storageOf(win) {
    try {
      return win.localStorage;
    } catch (e) {
      return null;  // some browsers throw on access when storage is disabled
    }
  }

  /** Wire one notes box to the window's localStorage. */
  function attach(win, box) {
    var storage = storageOf(win);
    var page = box.getAttribute("data-page");
    var limit = parseInt(box.getAttribute("data-limit"), 10) || DEFAULT_LIMIT;
    var area = box.querySelector(".course-notes-text");
    var count = box.querySelector(".course-notes-count");
    var status = box.querySelector(".course-notes-status");
    if (!storage || !page || !area) {
      return;  // without storage the box stays hidden: it could not keep anything
    }

    function show(text) {
      count.textContent = counterText(text, limit);
      box.classList.toggle("course-notes-full", noteLength(text) >= limit);
    }

    area.value = load(storage, page);
    show(area.value);
    area.addEventListener("input", function () {
      var stored = save(storage, page, area.value, limit);
      if (stored === null) {
        status.textContent = "Not saved: this browser refused to store the note.";
        return;
      }
      if (stored !== area.value) {
        area.value = stored;  // pasted past the limit: keep what fits
      }
      status.textContent = "";
      show(stored);
    });

    box.querySelector(".course-notes-export").addEventListener("click", function () {
      var blob = new win.Blob([area.value], { type: "text/plain;charset=utf-8" });
      var url = win.URL.createObjectURL(blob);
      var link = win.document.createElement("a");
      link.href = url;
      link.download = exportFileName(page);
      win.document.body.appendChild(link);
      link.click();
      link.remove();
      win.setTimeout(function () { win.URL.revokeObjectURL(url); }, 0);
    });

    box.querySelector(".course-notes-clear").addEventListener("click", function () {
      if (area.value !== "" && !win.confirm("Delete your notes on this page from this browser?")) {
        return;
      }
      area.value = "";
      save(storage, page, "", limit);
      status.textContent = "";
      show("");
    });

    box.hidden = false;
  }

  function attachAll(win) {
    var boxes = win.document.querySelectorAll(".course-notes[data-page]");
    for (var i = 0; i < boxes.length; i += 1) {
      attach(win, boxes[i]);
    }
  }

  return {
    PREFIX: PREFIX,
    DEFAULT_LIMIT: DEFAULT_LIMIT,
    storageKey: storageKey,
    clampNote: clampNote,
    noteLength: noteLength,
    counterText: counterText,
    exportFileName: exportFileName,
    load: load,
    save: save,
    attachAll: attachAll,
  };
});
