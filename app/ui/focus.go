package ui

import (
	"net/url"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/anchor"
)

// Which annotation the reader has open: opening one (from its mark, the
// list, a key, an entity, a link), moving to the next, drawing far enough
// to show it, and attaching an orphan to the selection.

// open opens the card of an annotation and shows its mark.
func (r *Reader) open(ctx app.Context, id string) {
	r.reveal(id)
	r.focused = id
	r.sugg.open = ""
	delete(r.ws.Review, id) // seen: no longer marked as placed approximately
	r.sidebar = true        // the card is in it (a bottom sheet on narrow screens)
	r.flash = id
	r.own(ctx).Defer(func(app.Context) { scrollToMark(`mark[data-annotation-id="` + id + `"]`) })
	r.own(ctx).After(flashTime, func(app.Context) {
		if r.flash == id {
			r.flash = ""
		}
	})
}

// reveal draws the blocks up to the one that holds the annotation id, if
// the long article's steps have not reached it yet.
func (r *Reader) reveal(id string) {
	if p, ok := r.ws.Get(id); ok && p.Match.Method != anchor.Orphan {
		r.revealAt(p.Match.Start)
	}
}

// revealAt draws the blocks up to the one that holds code point at.
func (r *Reader) revealAt(at int) {
	i := sort.Search(len(r.ws.Blocks), func(k int) bool { return r.ws.Blocks[k].End > at })
	if i >= r.drawn {
		r.drawn = min(len(r.ws.Blocks), i+1)
	}
}

// openLinked opens the annotation a link names in its fragment
// (/a/<slug>#<id>, see annotationLink), once the article is drawn.
func (r *Reader) openLinked(ctx app.Context) {
	hash := strings.TrimPrefix(app.Window().Get("location").Get("hash").String(), "#")
	hash, _, _ = strings.Cut(hash, ":~:")
	id, err := url.PathUnescape(hash)
	if err != nil || id == "" || r.ws == nil {
		return
	}
	if _, ok := r.ws.Get(id); ok {
		ctx.Defer(func(ctx app.Context) { r.open(ctx, id) })
	}
}

// toggle opens the card of id, or closes it if it is open.
func (r *Reader) toggle(ctx app.Context, id string) {
	if r.focused == id {
		r.focused = ""
		return
	}
	r.open(ctx, id)
}

// attach anchors the annotation id (an orphan) on the selection.
func (r *Reader) attach(ctx app.Context, id string) {
	if !r.sel.Active {
		return
	}
	if err := r.ws.Attach(id, r.sel.At.Start, r.sel.At.End); err != nil {
		r.say(ctx, "Could not attach: "+err.Error())
		return
	}
	r.dismiss()
	r.paint()
	r.open(ctx, id)
	r.say(ctx, "Attached to the selection. Ctrl+Z undoes it.")
}

// move opens the annotation after (dir 1) or before (-1) the open one.
func (r *Reader) move(ctx app.Context, dir int) {
	if id, ok := r.ws.Neighbour(r.focused, dir); ok {
		r.open(ctx, id)
		r.own(ctx).Defer(func(app.Context) { focusElement(itemID(id)) })
	}
}
