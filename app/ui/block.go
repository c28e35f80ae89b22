package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/render"
)

// The article's text is drawn in two ways that give the same elements:
// block, a go-app component, on the server (the prerendered page) and in
// the component tests; and paper (paper.go), by hand, in the browser.
// blockElement and markClass are what they share.

// blockElement returns the tag and class of a block of the given kind.
func blockElement(k article.Kind) (tag, class string) {
	switch k {
	case article.Title:
		return "h1", "article-title"
	case article.Dek:
		return "p", "dek"
	case article.Heading:
		return "h2", "section-heading"
	case article.ListItem:
		return "p", "list-item"
	default:
		return "p", ""
	}
}

// markClass is the class of the <mark> of one annotation over one segment.
// Colour is never the only signal: mentions show their label at their end,
// notes a marker.
func markClass(m render.Mark, focused, flash string) string {
	class := "hl hl-" + string(m.Color)
	switch {
	case m.Suggested:
		class = "sug hue-" + strconv.Itoa(m.Hue%8)
	case m.Kind == annotation.Mention:
		class = "ent hue-" + strconv.Itoa(m.Hue%8)
	}
	if m.First {
		class += " first"
	}
	if m.Last {
		class += " last"
	}
	if m.Note {
		class += " has-note"
	}
	if m.ID == focused {
		class += " focused"
	}
	if m.ID == flash {
		class += " flash"
	}
	return class
}

// block renders one title, dek or paragraph with its marks.
type block struct {
	app.Compo

	Block render.Block
	// Focused and Flash name an annotation of this block to show as
	// selected or to flash; empty when it has none.
	Focused string
	Flash   string
}

func (b *block) Render() app.UI {
	blk := b.Block
	segs := make([]app.UI, len(blk.Segments))
	for i, seg := range blk.Segments {
		segs[i] = segmentUI(seg, b.Focused, b.Flash)
	}
	switch tag, class := blockElement(blk.Kind); {
	case tag == "h1":
		return classed("h1", class).DataSet("start", blk.Start).Body(segs...)
	case tag == "h2":
		return classed("h2", class).DataSet("start", blk.Start).Body(segs...)
	case class != "":
		return classed("p", class).DataSet("start", blk.Start).Body(segs...)
	default:
		return app.Elem("p").DataSet("start", blk.Start).Body(segs...)
	}
}

// segmentUI is a run of text under its marks, outermost first. Runs are
// plain elements, not components: go-app queues one update per component
// it mounts, in a queue of 4,096, and a page of thousands of marks would
// overflow it (the app then stops, deadlocked).
func segmentUI(seg render.Segment, focused, flash string) app.UI {
	var n app.UI = app.Elem("span").DataSet("offset", seg.Start).Text(seg.Text)
	for k := len(seg.Marks) - 1; k >= 0; k-- {
		m := seg.Marks[k]
		mk := classed("mark", markClass(m, focused, flash))
		switch {
		case m.Suggested:
			mk = mk.DataSet("suggestion-id", m.ID).DataSet("suggested-label", m.Label).Title("Suggested: " + m.Label)
		case m.Kind == annotation.Mention:
			mk = mk.DataSet("annotation-id", m.ID).DataSet("label", m.Label).Title(m.Label)
		default:
			mk = mk.DataSet("annotation-id", m.ID)
		}
		n = mk.Body(n)
	}
	return n
}
