package ui

import (
	"marginalia/app/reading"
	"net/url"
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
// is where the reader annotates it. Its session (reading.Session) decides
// everything; the reader wires the page's events to it (events.go), draws
// what it holds, and gives the child components what they show as plain
// values and a way to ask for changes (Act), never itself.
type Reader struct {
	app.Compo

	slug    string
	mounted bool
	s       *reading.Session // nil when no article has the slug

	paper   paper // draws the text in the browser
	resting bool  // the session asked to redraw the rest later (page.Rest)
	ctx     app.Context
	events  pageEvents // the page's listeners (events.go)
}

func (r *Reader) OnPreRender(ctx app.Context) { r.load(ctx) }

func (r *Reader) OnNav(ctx app.Context) {
	if app.IsClient && r.ctx == nil {
		r.ctx = ctx // a long article's steps start before OnMount
	}
	r.load(ctx)
	r.mounted = app.IsClient
	if app.IsClient {
		r.paint() // with the update that says the page is ready
		r.openLinked()
	}
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

// load finds the article named by the current URL and opens a session
// on it.
func (r *Reader) load(ctx app.Context) {
	slug := strings.TrimPrefix(ctx.Page().URL().Path, "/a/")
	if r.s != nil && slug == r.slug {
		return
	}
	r.slug = slug
	if r.s != nil {
		r.s.Close() // the article being left keeps its last change
	}
	if app.IsClient {
		// What opening reads (the article, its annotations, their places)
		// stays in use: a collection while it runs finds nearly nothing
		// to free. Let the heap grow meanwhile; the next collection, after,
		// sets the pace again.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	art, found := findArticle(slug)
	if !found {
		r.s = nil
		ctx.Page().SetTitle(pageTitle("Article not found"))
		return
	}
	o := reading.Options{Wide: true}
	if app.IsClient {
		// The list is open beside the text on wide screens; on narrow ones
		// it is a bottom sheet, closed until asked for.
		o = reading.Options{
			Backend: storage, Stepped: true,
			Origin: app.Window().Get("location").Get("origin").String(),
			Wide:   app.Window().Get("innerWidth").Int() > 1100,
		}
	}
	r.s = reading.Open(art, page{r}, o)
	ctx.Page().SetTitle(pageTitle(art.Title))
	ctx.Page().SetDescription(art.Dek) // the server escapes attribute values (see its fixAttributes)
}

func (r *Reader) OnDismount() {
	if r.s != nil {
		r.s.Close()
	}
	r.events.release()
}

// Act carries out what a child component asks for, in a dispatch of the
// reader's own, after which the reader redraws (and with it the children
// whose fields changed).
func (r *Reader) Act(a reading.Action) {
	r.do(func(ctx app.Context) { r.run(ctx, a) })
}

// Import imports a file of annotations for the transfer panel, and
// redraws the reader.
func (r *Reader) Import(name string, data []byte) (string, bool) {
	msg, failed := r.s.Import(name, data)
	r.do(func(app.Context) {})
	return msg, failed
}

// do runs fn in a dispatch of the reader's own.
func (r *Reader) do(fn func(ctx app.Context)) {
	if r.ctx != nil {
		r.ctx.Dispatch(fn)
	}
}

// run has the session carry out a, in a handler or a dispatch of the
// reader's (ctx): if the session drew the change itself and asked for the
// rest later (page.Rest), this update is skipped for one in the next task.
func (r *Reader) run(ctx app.Context, a reading.Action) {
	if r.s == nil {
		return
	}
	r.s.Act(a)
	if app.IsClient {
		r.paint() // the text shows the change with the rest of the update
	}
	if r.resting {
		r.resting = false
		ctx.PreventUpdate()
		if r.ctx != nil {
			r.ctx.After(time.Millisecond, func(app.Context) {})
		}
	}
}

// handle is an event handler that has the session carry out a, with its
// scope: OnClick(r.handle(a)).
func (r *Reader) handle(a reading.Action) (app.EventHandler, string) {
	return func(ctx app.Context, e app.Event) { r.run(ctx, a) }, actionScope(a)
}

// actionScope tells go-app which action a handler carries out. go-app
// takes a handler for the one already set when their code and scope are
// the same, and every handler handle or ask makes has the same code: an
// element drawn again for another action (the card's Reject button
// becoming Accept all) would keep the old action without it.
func actionScope(a reading.Action) string {
	return reading.Itoa(int(a.Do)) + "/" + a.ID + "/" + a.Text
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
		r.run(ctx, reading.Action{Do: reading.DoOpenSuggestion, ID: sug.Call("getAttribute", "data-suggestion-id").String()})
		return
	}
	mark := e.Get("target").Call("closest", "mark[data-annotation-id]")
	if !mark.Truthy() {
		return
	}
	// The innermost mark is the one clicked.
	r.run(ctx, reading.Action{Do: reading.DoOpen, ID: mark.Call("getAttribute", "data-annotation-id").String()})
}

// openLinked opens the annotation a link names in its fragment
// (/a/<slug>#<id>, see reading.AnnotationLink), once the article is drawn.
func (r *Reader) openLinked() {
	hash := strings.TrimPrefix(app.Window().Get("location").Get("hash").String(), "#")
	hash, _, _ = strings.Cut(hash, ":~:")
	id, err := url.PathUnescape(hash)
	if err != nil || id == "" || r.s == nil {
		return
	}
	r.s.OpenLinked(id)
}

func (r *Reader) Render() app.UI {
	if r.s == nil {
		return r.renderMissing()
	}
	if app.IsClient && r.ctx != nil {
		// paper draws the text once go-app has drawn the rest.
		r.ctx.Defer(func(app.Context) { r.paint() })
	}
	s, ws := r.s, r.s.Workspace()
	sel := s.Selection()
	suggesting, finding := s.Suggesting()
	return frame(!r.mounted,
		r.renderBanners(),
		classed("div", "reader-layout").Body(
			app.Elem("article").ID(readerTextID).Class("reader").DataSet("article-id", ws.Article().ID).
				OnClick(r.onArticleClick).
				Body(r.renderText()...),
			&sidebar{
				Act: r, Importer: r, Doc: ws.View(), Rev: ws.Rev(), Focused: s.Focused(), Open: s.SidebarOpen(),
				Persisted: s.StorageText(), Selecting: sel.Active && len(ws.Orphans()) > 0,
				Suggesting: suggesting, Finding: finding, Suggestions: ws.SuggestionCount(),
			},
		),
		// Each floating part has a slot of its own, so that go-app never
		// turns one into another (the toolbar's position is set on its
		// element directly, and would stick to whatever reused it).
		classed("div", "slot").Body(app.If(sel.Active, r.renderToolbar(sel))),
		classed("div", "slot").Body(app.If(sel.Offering(), r.renderOffer(sel))),
		classed("div", "slot").Body(r.renderSuggestionCard(sel)),
		classed("div", "status").Attr("role", "status").Aria("live", "polite").Text(s.Status()),
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
		return nil
	}
	focused, flashed := r.s.Marks()
	all := r.s.Workspace().Blocks()
	blocks := make([]app.UI, min(len(all), r.s.Drawn()))
	for i, b := range all[:len(blocks)] {
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

// paint draws the text as the session now is, at once (see paper): after
// each update of the reader, and when the session asks (page.Paint).
// Before go-app has mounted the <article>, it draws once go-app has.
func (r *Reader) paint() {
	if r.s == nil {
		return
	}
	focused, flashed := r.s.Marks()
	if !r.paper.paint(r.s.Workspace(), r.s.Drawn(), focused, flashed) && r.ctx != nil {
		r.ctx.Defer(func(app.Context) { r.paint() })
	}
}

// covers reports whether a placed annotation reaches into a block.
func covers(p render.Placed, b article.Block) bool {
	return p.ID != "" && p.Match.Method != anchor.Orphan && p.Match.Start < b.End && b.Start < p.Match.End
}
