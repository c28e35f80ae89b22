package ui

import (
	"marginalia/app/reading"
	"runtime/debug"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/anchor"
	"marginalia/app/article"
	"marginalia/app/library"
	"marginalia/app/render"
	"marginalia/seeds"
)

// Reader shows one article, found by the slug in its /a/<slug> route, and
// is where the reader annotates it. It wires the page's events to the
// parts that decide (selection, keys, saver, workspace) and draws them;
// the sidebar, the entities panel, export and import, and the settings
// are child components with state of their own.
type Reader struct {
	app.Compo

	slug    string
	mounted bool
	ws      *reading.Workspace // nil when no article has the slug

	drawn   int               // blocks drawn so far: a long article is drawn in steps
	paper   paper             // draws the text in the browser
	sel     reading.Selection // the pending selection and the choices around it
	focused string            // the annotation whose card is open
	flash   string            // the annotation whose marks flash
	status  string            // a short message for screen readers and sighted users
	sidebar bool              // the sidebar is open (a bottom sheet on narrow screens)

	sugg suggester // the entity suggestions (suggestui.go)

	saver  *reading.Saver // keeps the workspace saved (in the browser)
	ctx    app.Context
	events pageEvents // the page's listeners (events.go)
}

func (r *Reader) OnPreRender(ctx app.Context) { r.load(ctx) }

func (r *Reader) OnNav(ctx app.Context) {
	r.load(ctx)
	r.mounted = app.IsClient
	if app.IsClient {
		r.openLinked(ctx)
	}
}

// drawMore draws the next step of blocks after a frame, until all are.
func (r *Reader) drawMore(ctx app.Context) {
	id := r.ws.Art.ID
	ctx.After(16*time.Millisecond, func(ctx app.Context) {
		if r.ws == nil || r.ws.Art.ID != id || r.drawn >= len(r.ws.Blocks) {
			return
		}
		r.drawn = min(len(r.ws.Blocks), r.drawn+reading.MoreBlocks)
		if r.drawn < len(r.ws.Blocks) {
			r.drawMore(ctx)
		}
	})
}

// findArticle returns the seed or added article with that slug (added
// articles only in the browser).
func findArticle(slug string) (article.Article, bool) {
	if a, ok := seeds.BySlug(slug); ok {
		return a, true
	}
	if !app.IsClient {
		return article.Article{}, false
	}
	it, ok := library.New(storage).BySlug(slug)
	return it.Article, ok
}

// load finds the article named by the current URL.
func (r *Reader) load(ctx app.Context) {
	slug := strings.TrimPrefix(ctx.Page().URL().Path, "/a/")
	if r.ws != nil && slug == r.slug {
		return
	}
	r.slug = slug
	if r.saver != nil {
		r.saver.Flush() // the article being left keeps its last change
	}
	releaseGC() // before opening raises it: a search of the article left ends
	if app.IsClient {
		// What opening reads (the article, its annotations, their places)
		// stays in use: a collection while it runs finds nearly nothing
		// to free. Let the heap grow meanwhile; the next collection, after,
		// sets the pace again.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	art, found := findArticle(slug)
	if !found {
		r.ws = nil
		ctx.Page().SetTitle(pageTitle("Article not found"))
		return
	}
	r.ws = reading.NewWorkspace(art)
	r.drawn = len(r.ws.Blocks)
	if first := reading.FirstDrawn(r.ws.Blocks); app.IsClient && first < r.drawn {
		r.drawn = first
		r.drawMore(ctx)
	}
	r.ws.Show(r.drawn)
	r.sel, r.focused, r.flash = reading.NewSelection(), "", ""
	r.sugg = suggester{run: r.sugg.run + 1}
	// The list is open beside the text on wide screens; on narrow ones it
	// is a bottom sheet, closed until asked for.
	r.sidebar = !app.IsClient || app.Window().Get("innerWidth").Int() > 1100
	if app.IsClient {
		r.saver = reading.NewSaver(pageHost{r}, storage)
		r.saver.Open(r.ws)
	}
	ctx.Page().SetTitle(pageTitle(art.Title))
	ctx.Page().SetDescription(art.Dek) // the server escapes attribute values (see its fixAttributes)
}

func (r *Reader) OnDismount() {
	if r.saver != nil {
		r.saver.Flush()
	}
	r.events.release()
}

// do runs fn as a change of the reader's, in a dispatch of its own after
// which the reader redraws (and with it the children whose fields
// changed). The child components call it for what they share with it.
func (r *Reader) do(fn func(ctx app.Context)) {
	if r.ctx != nil {
		r.ctx.Dispatch(fn)
	}
}

// statusTime is how long a status message shows; flashTime, how long a
// mark flashes when its card opens.
var (
	statusTime = 4 * time.Second
	flashTime  = 1500 * time.Millisecond
)

// own returns the reader's own context, for what must happen later: a
// dispatch runs only while its source is mounted, and the context of a
// handler is its element's, which the update may remove (the toolbar's
// buttons go with the selection).
func (r *Reader) own(ctx app.Context) app.Context {
	if r.ctx != nil {
		return r.ctx
	}
	return ctx
}

// say shows a short status message, read out by screen readers.
func (r *Reader) say(ctx app.Context, msg string) {
	r.status = msg
	r.own(ctx).After(statusTime, func(app.Context) {
		if r.status == msg {
			r.status = ""
		}
	})
}

// dismiss closes the toolbar and forgets the selection.
func (r *Reader) dismiss() {
	r.sel.Dismiss()
	clearSelection()
}

// highlightSelection highlights the pending selection in the last colour.
func (r *Reader) highlightSelection(ctx app.Context) {
	if !r.sel.Active {
		return
	}
	if _, err := r.ws.Highlight(r.sel.At.Start, r.sel.At.End, r.sel.Color); err != nil {
		r.say(ctx, "Could not highlight: "+err.Error())
		return
	}
	r.dismiss() // before drawing: the selection is cleared without a layout
	r.paint()   // now, not at go-app's next frame
	r.say(ctx, "Highlighted.")
	r.restLater(ctx)
}

// restLater redraws the rest of the reader (the list, the toolbar going)
// in a task after this one, once the browser has the new mark that paint
// drew: when go-app's frame tick falls due during a handler, it redraws
// the whole reader before the handler's task ends, and the mark waits.
func (r *Reader) restLater(ctx app.Context) {
	ctx.PreventUpdate()
	r.own(ctx).After(time.Millisecond, func(app.Context) {})
}

// noteSelection highlights the selection and opens its note editor.
func (r *Reader) noteSelection(ctx app.Context) {
	if !r.sel.Active {
		return
	}
	id, err := r.ws.Highlight(r.sel.At.Start, r.sel.At.End, r.sel.Color)
	if err != nil {
		r.say(ctx, "Could not add a note: "+err.Error())
		return
	}
	r.dismiss()
	r.open(ctx, id)
	r.own(ctx).Defer(func(app.Context) { focusElement(noteFieldID(id)) })
}

// tagSelection tags the selection with a label at once.
func (r *Reader) tagSelection(ctx app.Context, label string) {
	if !r.sel.Active {
		return
	}
	_, offer, err := r.ws.Tag(r.sel.At.Start, r.sel.At.End, label, r.sel.Link)
	if err != nil {
		r.say(ctx, "Could not tag: "+err.Error())
		return
	}
	r.sel.Tagged(label, offer)
	clearSelection()
	r.paint()
	if r.sugg.on {
		r.findSuggestions() // what was tagged is suggested elsewhere
	}
	r.say(ctx, "Tagged “"+offer.Quote+"” as "+label+".")
	r.restLater(ctx)
}

// tagAll tags the occurrences of the offer.
func (r *Reader) tagAll(ctx app.Context) {
	n, err := r.ws.TagAll(r.sel.Offer)
	r.sel.DropOffer()
	if err != nil {
		r.say(ctx, "Could not tag: "+err.Error())
		return
	}
	r.say(ctx, "Tagged "+reading.Plural(n, "more occurrence", "more occurrences")+".")
}

func (r *Reader) undo(ctx app.Context) {
	if r.ws.Undo() {
		r.sel.DropOffer()
		r.say(ctx, "Undone.")
	}
}

func (r *Reader) redo(ctx app.Context) {
	if r.ws.Redo() {
		r.say(ctx, "Redone.")
	}
}

func (r *Reader) remove(ctx app.Context, id string) {
	if err := r.ws.Remove(id); err != nil {
		return
	}
	if r.focused == id {
		r.focused = ""
	}
	r.say(ctx, "Deleted. Ctrl+Z brings it back.")
}

// onArticleClick opens the card of a clicked mark (not at the end of a
// drag that selected text). It never calls PreventUpdate: the mouseup of
// the same gesture may have dispatched the toolbar, and preventing this
// component's update would drop it.
func (r *Reader) onArticleClick(ctx app.Context, e app.Event) {
	if sel := app.Window().Call("getSelection"); sel.Truthy() && !sel.Get("isCollapsed").Bool() {
		return
	}
	if sug := e.Get("target").Call("closest", "mark[data-suggestion-id]"); sug.Truthy() {
		r.openSuggestionID(ctx, sug.Call("getAttribute", "data-suggestion-id").String())
		return
	}
	mark := e.Get("target").Call("closest", "mark[data-annotation-id]")
	if !mark.Truthy() {
		return
	}
	// The innermost mark is the one clicked.
	r.open(ctx, mark.Call("getAttribute", "data-annotation-id").String())
}

func (r *Reader) Render() app.UI {
	if r.ws == nil {
		return r.renderMissing()
	}
	ws := r.ws
	return frame(!r.mounted,
		r.renderBanners(),
		classed("div", "reader-layout").Body(
			app.Elem("article").ID(readerTextID).Class("reader").DataSet("article-id", ws.Art.ID).
				OnClick(r.onArticleClick).
				Body(r.renderText()...),
			&sidebar{
				R: r, Rev: ws.Rev, Focused: r.focused, Open: r.sidebar,
				Persisted: r.persisted(), Selecting: r.sel.Active && len(ws.Orphans()) > 0,
				Suggesting: r.sugg.on, Finding: r.sugg.busy, Suggestions: len(ws.Sugs.Shown),
			},
		),
		// Each floating part has a slot of its own, so that go-app never
		// turns one into another (the toolbar's position is set on its
		// element directly, and would stick to whatever reused it).
		classed("div", "slot").Body(app.If(r.sel.Active, r.renderToolbar())),
		classed("div", "slot").Body(app.If(r.sel.Offering(), r.renderOffer())),
		classed("div", "slot").Body(r.renderSuggestionCard()),
		classed("div", "status").Attr("role", "status").Aria("live", "polite").Text(r.status),
	)
}

// renderMissing is the page of a slug with no article (yet).
func (r *Reader) renderMissing() app.UI {
	if !app.IsClient {
		// An article added in a browser is known only there: the
		// server cannot tell, and the page says so until the app runs.
		return frame(true, classed("section", "not-found").Body(
			textElem("p", "Looking for this article in this browser…"),
		))
	}
	if !r.mounted {
		// Before the first navigation: the frame the article is drawn
		// in, so that go-app mounts its <article> now and paper draws
		// the text in the very update that shows the article.
		return frame(true, classed("div", "banners"), classed("div", "reader-layout").Body(
			app.Elem("article").ID(readerTextID).Class("reader"),
		))
	}
	return frame(false, notFoundContent("No article is called “"+r.slug+"”, here or among the articles added in this browser."))
}

// renderText is the article's text as go-app elements, on the server
// (the prerendered page) and in the component tests. In the browser,
// paper draws it instead (see paper.go), and go-app keeps the <article>
// empty.
func (r *Reader) renderText() []app.UI {
	if app.IsClient {
		r.paint()
		return nil
	}
	ws := r.ws
	focused, _ := ws.Get(r.focused)
	flashed, _ := ws.Get(r.flash)
	blocks := make([]app.UI, min(len(ws.Blocks), r.drawn))
	for i, b := range ws.Blocks[:len(blocks)] {
		blk := &block{Block: b}
		if covers(focused, b.Block) {
			blk.Focused = focused.ID
		}
		if covers(flashed, b.Block) {
			blk.Flash = flashed.ID
		}
		blocks[i] = blk
	}
	return blocks
}

// paint draws the text as the reader's state now is, at once (see paper).
// Before go-app has mounted the <article>, it draws once go-app has.
func (r *Reader) paint() {
	if r.ws == nil {
		return
	}
	r.ws.Show(r.drawn)
	focused, _ := r.ws.Get(r.focused)
	if r.sugg.open != "" {
		focused = r.openSuggested()
	}
	flashed, _ := r.ws.Get(r.flash)
	if !r.paper.paint(r.ws, r.drawn, focused, flashed) && r.ctx != nil {
		r.ctx.Defer(func(app.Context) { r.paint() })
	}
}

// covers reports whether a placed annotation reaches into a block.
func covers(p render.Placed, b article.Block) bool {
	return p.ID != "" && p.Match.Method != anchor.Orphan && p.Match.Start < b.End && b.Start < p.Match.End
}

// persisted is what the browser said of persistent storage and of the
// space used, for Settings.
func (r *Reader) persisted() string {
	if r.saver == nil {
		return ""
	}
	return strings.TrimSpace(r.saver.Persisted + " " + r.saver.Space)
}

// resetWorkspace starts the article afresh: its data was deleted, here or
// in another tab.
func (r *Reader) resetWorkspace() {
	r.ws = reading.NewWorkspace(r.ws.Art)
	if r.saver != nil {
		r.saver.Reset(r.ws)
	}
	r.focused = ""
	r.sel.DropOffer()
	r.sugg = suggester{run: r.sugg.run + 1}
	releaseGC()
}
