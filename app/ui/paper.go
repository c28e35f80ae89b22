package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/annotation"
	"marginalia/app/render"
)

// readerTextID is the id of the <article> that holds the article's text.
const readerTextID = "reader-text"

// paper draws the article's blocks into the page's <article> by hand, in
// the browser, rather than through go-app: go-app draws a change at its
// next frame tick (up to 8 ms later) and compares every block on the way,
// while a new mark must show at once; and mounting ten thousand marks as
// go-app elements is most of a large article's opening.
//
// paper keeps, for every drawn block, its node, the segments it shows and
// the node of each; a block whose segments changed is patched: the runs
// it shares at its start and end with what is drawn stay, the ones
// between are replaced. A new highlight so costs a few DOM calls, not a
// paragraph's worth (each call from Go is dear: every JS value it makes
// carries a finalizer).
//
// paper never writes HTML: text goes in as text and attributes one by
// one, so no article or user text is ever parsed. go-app renders the
// <article> empty in the browser and never touches its children.
type paper struct {
	root    app.Value // the <article> drawn into
	article string    // the ID of the article drawn
	blocks  []drawnBlock
	js      *jsNames
}

// A drawnBlock is the node of one block and what it shows.
type drawnBlock struct {
	node           app.Value
	key            blockKey
	segs           []render.Segment
	nodes          []app.Value // the outermost node of each segment
	focused, flash string
}

// blockKey tells at once that a block need not be looked at: render.Update
// keeps the segments of a block it did not recompute.
type blockKey struct {
	segs           *render.Segment
	n              int
	focused, flash string
}

// jsNames are the strings paper passes again and again, made into JS
// strings once.
type jsNames struct {
	span, mark, dataStart, dataOffset, dataAnnotationID, dataLabel, title app.Value
}

// paint draws the first n blocks of ws, with the focused and flashing
// annotations shown. It reports false when the page has no <article> to
// draw into yet (go-app has not mounted it).
func (p *paper) paint(ws *workspace, n int, focused, flash render.Placed) bool {
	root := app.Window().GetElementByID(readerTextID)
	if !root.Truthy() {
		return false
	}
	if p.js == nil {
		p.js = &jsNames{
			span: app.ValueOf("span"), mark: app.ValueOf("mark"),
			dataStart: app.ValueOf("data-start"), dataOffset: app.ValueOf("data-offset"),
			dataAnnotationID: app.ValueOf("data-annotation-id"), dataLabel: app.ValueOf("data-label"),
			title: app.ValueOf("title"),
		}
	}
	if p.root == nil || !p.root.Equal(root) || p.article != ws.art.ID {
		root.Set("textContent", "")
		p.root, p.article, p.blocks = root, ws.art.ID, nil
	}
	n = min(n, len(ws.blocks))
	for len(p.blocks) > n {
		last := len(p.blocks) - 1
		p.blocks[last].node.Call("remove")
		p.blocks = p.blocks[:last]
	}
	doc := app.Window().Get("document")
	for i, b := range ws.blocks[:n] {
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
		case i == len(p.blocks):
			d := p.drawBlock(doc, b, k)
			root.Call("appendChild", d.node)
			p.blocks = append(p.blocks, d)
		case p.blocks[i].key != k:
			p.patch(doc, &p.blocks[i], b, k)
		}
	}
	return true
}

// drawBlock makes the element of one block, as block and segmentUI render
// it: <p data-start> of <span data-offset> runs, each inside the <mark>s
// that cover it, outermost first.
func (p *paper) drawBlock(doc app.Value, b render.Block, k blockKey) drawnBlock {
	tag, class := blockElement(b.Kind)
	el := doc.Call("createElement", tag)
	if class != "" {
		el.Set("className", class)
	}
	el.Call("setAttribute", p.js.dataStart, strconv.Itoa(b.Start))
	d := drawnBlock{node: el, key: k, segs: b.Segments, focused: k.focused, flash: k.flash}
	d.nodes = make([]app.Value, len(b.Segments))
	for i, seg := range b.Segments {
		d.nodes[i] = p.drawSegment(doc, seg, k.focused, k.flash)
		el.Call("appendChild", d.nodes[i])
	}
	return d
}

// patch redraws the segments of a drawn block that differ from b's.
func (p *paper) patch(doc app.Value, d *drawnBlock, b render.Block, k blockKey) {
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
	for _, n := range d.nodes[pre : len(old)-suf] {
		n.Call("remove")
	}
	nodes := make([]app.Value, 0, len(segs))
	nodes = append(nodes, d.nodes[:pre]...)
	for _, seg := range segs[pre : len(segs)-suf] {
		n := p.drawSegment(doc, seg, k.focused, k.flash)
		if suf > 0 {
			d.node.Call("insertBefore", n, d.nodes[len(old)-suf])
		} else {
			d.node.Call("appendChild", n)
		}
		nodes = append(nodes, n)
	}
	nodes = append(nodes, d.nodes[len(old)-suf:]...)
	d.nodes, d.segs, d.key, d.focused, d.flash = nodes, segs, k, k.focused, k.flash
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

// drawSegment makes one run of text under its marks.
func (p *paper) drawSegment(doc app.Value, seg render.Segment, focused, flash string) app.Value {
	n := doc.Call("createElement", p.js.span)
	n.Call("setAttribute", p.js.dataOffset, strconv.Itoa(seg.Start))
	n.Set("textContent", seg.Text)
	for k := len(seg.Marks) - 1; k >= 0; k-- {
		m := seg.Marks[k]
		mk := doc.Call("createElement", p.js.mark)
		mk.Set("className", markClass(m, focused, flash))
		mk.Call("setAttribute", p.js.dataAnnotationID, m.ID)
		if m.Kind == annotation.Mention {
			mk.Call("setAttribute", p.js.dataLabel, m.Label)
			mk.Call("setAttribute", p.js.title, m.Label)
		}
		mk.Call("appendChild", n)
		n = mk
	}
	return n
}
