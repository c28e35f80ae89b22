package ui

import (
	"marginalia/app/reading"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/annotation"
	"marginalia/app/render"
	"marginalia/app/store"
)

// readerTextID is the id of the <article> that holds the article's text.
const readerTextID = "reader-text"

// paper draws the article's blocks into the page's <article> by hand, in
// the browser, rather than through go-app: go-app draws a change at its
// next frame tick (up to 8 ms later) and compares every block on the way,
// while a new mark must show at once; and mounting ten thousand marks as
// go-app elements is most of a large article's opening.
//
// paper keeps, for every drawn block, the segments it shows. A block whose
// segments changed is patched: the runs it shares at its start and end
// with what is drawn stay, the ones between are replaced, so a new
// highlight redraws a few runs, not a paragraph.
//
// The DOM work is done by web/paper.js, which paper calls once per change
// with a compact JSON description: from Go, every DOM call, and every JS
// value it makes (each carries a finalizer), is dear: drawing a large
// article node by node from Go took 0.7 s. paper.js builds elements and
// sets text and attributes one by one, so no article or user text is ever
// parsed as HTML. go-app renders the <article> empty in the browser and
// never touches its children.
type paper struct {
	root    app.Value // the <article> drawn into
	article string    // the ID of the article drawn
	blocks  []drawnBlock
	buf     []byte
}

// A drawnBlock is what one drawn block shows.
type drawnBlock struct {
	key            blockKey
	segs           []render.Segment
	focused, flash string
}

// blockKey tells at once that a block need not be looked at: render.Update
// keeps the segments of a block it did not recompute.
type blockKey struct {
	segs           *render.Segment
	n              int
	focused, flash string
}

// A paperOp is one call of paper.js: "append" blocks at the end,
// "splice" count segments of a block from the one at from, "restyle" the
// marks of a block's segments from the one at from, or "truncate" the
// blocks from the block-th on. json is the description it draws.
type paperOp struct {
	fn          string
	block       int
	from, count int
	json        string
}

// paint draws the first n blocks of ws, with the focused and flashing
// annotations shown. It reports false when the page has no <article> to
// draw into yet (go-app has not mounted it).
func (p *paper) paint(ws *reading.Workspace, n int, focused, flash render.Placed) bool {
	root := app.Window().GetElementByID(readerTextID)
	js := app.Window().Get("marginaliaPaper")
	if !root.Truthy() || !js.Truthy() {
		return false
	}
	if p.root == nil || !p.root.Equal(root) || p.article != ws.Article().ID {
		root.Set("textContent", "")
		p.root, p.article, p.blocks = root, ws.Article().ID, nil
	}
	for _, op := range p.plan(ws, n, focused, flash) {
		switch op.fn {
		case "append":
			js.Call("append", root, op.json)
		case "splice":
			js.Call("splice", root, op.block, op.from, op.count, op.json)
		case "restyle":
			js.Call("restyle", root, op.block, op.from, op.json)
		case "truncate":
			js.Call("truncate", root, op.block)
		}
	}
	return true
}

// plan returns the calls of paper.js that turn what is drawn into the
// first n blocks of ws, and records them as drawn. It touches no DOM, so
// the host tests check what the browser is asked to draw.
func (p *paper) plan(ws *reading.Workspace, n int, focused, flash render.Placed) []paperOp {
	var ops []paperOp
	n = min(n, len(ws.Blocks()))
	if len(p.blocks) > n {
		ops = append(ops, paperOp{fn: "truncate", block: n})
		p.blocks = p.blocks[:n]
	}
	var fresh []byte // the blocks to append, as one JSON array
	for i, b := range ws.Blocks()[:n] {
		k := blockKey{n: len(b.Segments)}
		if len(b.Segments) > 0 {
			k.segs = &b.Segments[0]
		}
		if covers(focused, b.Block) {
			k.focused = focused.ID
		}
		if covers(flash, b.Block) {
			k.flash = flash.ID
		}
		switch {
		case i >= len(p.blocks):
			if fresh == nil {
				fresh = append(p.buf[:0], '[')
			} else {
				fresh = append(fresh, ',')
			}
			fresh = appendBlock(fresh, b, k.focused, k.flash)
			p.blocks = append(p.blocks, drawnBlock{key: k, segs: b.Segments, focused: k.focused, flash: k.flash})
		case p.blocks[i].key != k:
			if op, ok := p.patch(i, b, k); ok {
				ops = append(ops, op)
			}
		}
	}
	if fresh != nil {
		fresh = append(fresh, ']')
		ops = append(ops, paperOp{fn: "append", json: string(fresh)})
		p.buf = fresh
	}
	return ops
}

// patch returns the call that redraws the segments of drawn block i that
// differ from b's, if any do.
func (p *paper) patch(i int, b render.Block, k blockKey) (paperOp, bool) {
	d := &p.blocks[i]
	old, segs := d.segs, b.Segments
	same := func(i, j int) bool { return sameSegment(old[i], segs[j], d.focused, d.flash, k.focused, k.flash) }
	pre := 0
	for pre < len(old) && pre < len(segs) && same(pre, pre) {
		pre++
	}
	suf := 0
	for suf < len(old)-pre && suf < len(segs)-pre && same(len(old)-1-suf, len(segs)-1-suf) {
		suf++
	}
	*d = drawnBlock{key: k, segs: segs, focused: k.focused, flash: k.flash}
	changed := segs[pre : len(segs)-suf]
	buf := append(p.buf[:0], '[')
	var op paperOp
	switch {
	case pre+suf == len(old) && pre+suf == len(segs):
		// Nothing to redraw (the focus moved to another block).
		return paperOp{}, false
	case sameShape(old[pre:len(old)-suf], changed):
		// Only classes changed (a colour, the focus, a flash ending): the
		// nodes stay, and a selection being made in them is not lost.
		for j, seg := range changed {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '[')
			for m, mk := range seg.Marks {
				if m > 0 {
					buf = append(buf, ',')
				}
				buf = store.AppendJSONString(buf, markClass(mk, k.focused, k.flash))
			}
			buf = append(buf, ']')
		}
		op = paperOp{fn: "restyle", block: i, from: pre}
	default:
		for j, seg := range changed {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = appendSegment(buf, seg, k.focused, k.flash)
		}
		op = paperOp{fn: "splice", block: i, from: pre, count: len(old) - pre - suf}
	}
	buf = append(buf, ']')
	op.json = string(buf)
	p.buf = buf
	return op, true
}

// sameSegment reports whether segment a, drawn with focused fa and
// flashing fla, looks the same as b drawn with fb and flb.
func sameSegment(a, b render.Segment, fa, fla, fb, flb string) bool {
	if a.Start != b.Start || a.Text != b.Text || len(a.Marks) != len(b.Marks) {
		return false
	}
	for i, m := range a.Marks {
		if m != b.Marks[i] || (m.ID == fa) != (m.ID == fb) || (m.ID == fla) != (m.ID == flb) {
			return false
		}
	}
	return true
}

// sameShape reports whether segments a and b differ at most in the
// classes of their marks: the same runs of text under marks of the same
// annotations, kinds and labels.
func sameShape(a, b []render.Segment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Start != b[i].Start || a[i].Text != b[i].Text || len(a[i].Marks) != len(b[i].Marks) {
			return false
		}
		for m, x := range a[i].Marks {
			if y := b[i].Marks[m]; x.ID != y.ID || x.Kind != y.Kind || x.Label != y.Label || x.Suggested != y.Suggested {
				return false
			}
		}
	}
	return true
}

// appendBlock appends paper.js's description of a block: [tag, class,
// start, segments], drawn as block and segmentUI render it.
func appendBlock(buf []byte, b render.Block, focused, flash string) []byte {
	tag, class := blockElement(b.Kind)
	buf = append(buf, '[')
	buf = store.AppendJSONString(buf, tag)
	buf = append(buf, ',')
	buf = store.AppendJSONString(buf, class)
	buf = append(buf, ',')
	buf = strconv.AppendInt(buf, int64(b.Start), 10)
	buf = append(buf, ",["...)
	for i, seg := range b.Segments {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendSegment(buf, seg, focused, flash)
	}
	return append(buf, "]]"...)
}

// appendSegment appends a segment: [offset, text, marks], a mark being
// [class, ID] or, for a mention, [class, ID, label], or for a suggestion
// [class, ID, label, 1].
func appendSegment(buf []byte, seg render.Segment, focused, flash string) []byte {
	buf = append(buf, '[')
	buf = strconv.AppendInt(buf, int64(seg.Start), 10)
	buf = append(buf, ',')
	buf = store.AppendJSONString(buf, seg.Text)
	buf = append(buf, ",["...)
	for i, m := range seg.Marks {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = store.AppendJSONString(buf, markClass(m, focused, flash))
		buf = append(buf, ',')
		buf = store.AppendJSONString(buf, m.ID)
		if m.Kind == annotation.Mention {
			buf = append(buf, ',')
			buf = store.AppendJSONString(buf, m.Label)
			if m.Suggested {
				buf = append(buf, ",1"...)
			}
		}
		buf = append(buf, ']')
	}
	return append(buf, "]]"...)
}
