// paper.js draws the reader's article text from the compact description
// that the Go app sends (app/ui/paper.go): one call from Go per change
// rather than one per node, since every value crossing from Go to
// JavaScript is dear. Text goes in as text and attributes one by one:
// nothing here is ever parsed as HTML.
//
// A block is [tag, class, start, segments]; a segment is
// [offset, text, marks], its marks outermost first; a mark is
// [class, annotation ID] or, for an entity mention, [class, ID, label],
// or, for a suggested mention, [class, suggestion ID, label, 1].
"use strict";

(() => {
  const segment = ([offset, text, marks]) => {
    let n = document.createElement("span");
    n.setAttribute("data-offset", offset);
    n.textContent = text;
    for (let k = marks.length - 1; k >= 0; k--) {
      const [cls, id, label, suggested] = marks[k];
      const m = document.createElement("mark");
      m.className = cls;
      if (suggested) {
        m.setAttribute("data-suggestion-id", id);
        m.setAttribute("data-suggested-label", label);
        m.setAttribute("title", "Suggested: " + label);
      } else {
        m.setAttribute("data-annotation-id", id);
        if (label !== undefined) {
          m.setAttribute("data-label", label);
          m.setAttribute("title", label);
        }
      }
      m.appendChild(n);
      n = m;
    }
    return n;
  };

  const block = ([tag, cls, start, segs]) => {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    el.setAttribute("data-start", start);
    for (const s of segs) el.appendChild(segment(s));
    return el;
  };

  self.marginaliaPaper = {
    // append adds blocks at the end of root.
    append(root, json) {
      const f = document.createDocumentFragment();
      for (const b of JSON.parse(json)) f.appendChild(block(b));
      root.appendChild(f);
    },
    // splice replaces count segments of root's block i, from the one at
    // from, with the given ones.
    splice(root, i, from, count, json) {
      const el = root.children[i];
      const next = el.childNodes[from + count] || null;
      for (let k = 0; k < count; k++) el.childNodes[from].remove();
      const f = document.createDocumentFragment();
      for (const s of JSON.parse(json)) f.appendChild(segment(s));
      el.insertBefore(f, next);
    },
    // restyle sets the classes of the marks of root's block i, segment by
    // segment from the one at from: each entry lists a segment's mark
    // classes, outermost first. The nodes stay, and so does a selection
    // in them.
    restyle(root, i, from, json) {
      const el = root.children[i];
      JSON.parse(json).forEach((classes, k) => {
        let n = el.childNodes[from + k];
        for (const c of classes) {
          n.className = c;
          n = n.firstChild;
        }
      });
    },
    // firstVisible returns the index of root's first block whose bottom
    // is in or below the view.
    firstVisible(root) {
      const bs = root.children;
      let lo = 0, hi = bs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (bs[mid].getBoundingClientRect().bottom > 0) hi = mid;
        else lo = mid + 1;
      }
      return Math.min(lo, Math.max(0, bs.length - 1));
    },
    // truncate removes root's blocks from the n-th on.
    truncate(root, n) {
      while (root.children.length > n) root.lastElementChild.remove();
    },
  };
})();
