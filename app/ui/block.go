package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/render"
)

// block renders one title, dek or paragraph with its marks. It is a
// component of its own so that an edit re-renders only the blocks whose
// segments changed.
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
		if len(seg.Marks) == 0 {
			segs[i] = app.Span().DataSet("offset", seg.Start).Text(seg.Text)
			continue
		}
		segs[i] = segmentUI(seg, b.Focused, b.Flash)
	}
	switch blk.Kind {
	case article.Title:
		return app.H1().Class("article-title").DataSet("start", blk.Start).Body(segs...)
	case article.Dek:
		return app.P().Class("dek").DataSet("start", blk.Start).Body(segs...)
	case article.Heading:
		return app.H2().Class("section-heading").DataSet("start", blk.Start).Body(segs...)
	case article.ListItem:
		return app.P().Class("list-item").DataSet("start", blk.Start).Body(segs...)
	default:
		return app.P().DataSet("start", blk.Start).Body(segs...)
	}
}

// segmentUI is a run of text under its marks, outermost first. Runs are
// plain elements, not components: go-app queues one update per component
// it mounts, in a queue of 4,096, and a page of thousands of marks would
// overflow it (the app then stops, deadlocked).
func segmentUI(seg render.Segment, focused, flash string) app.UI {
	var n app.UI = app.Span().DataSet("offset", seg.Start).Text(seg.Text)
	for k := len(seg.Marks) - 1; k >= 0; k-- {
		n = mark(seg.Marks[k], focused, flash).Body(n)
	}
	return n
}

// mark is the <mark> of one annotation over one segment. Colour is never
// the only signal: mentions show their label at their end, notes a marker.
func mark(m render.Mark, focused, flash string) app.HTMLMark {
	class := "hl hl-" + string(m.Color)
	if m.Kind == annotation.Mention {
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
	mk := app.Mark().Class(class).DataSet("annotation-id", m.ID)
	if m.Kind == annotation.Mention {
		mk = mk.DataSet("label", m.Label).Title(m.Label)
	}
	return mk
}
