package ui

import (
	"marginalia/app/reading"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/article"
	"marginalia/app/render"
	"marginalia/seeds"
)

// nav mounts c in a client tester and navigates it to path.
func nav(t *testing.T, c app.UI, path string) app.ClientDispatcher {
	t.Helper()
	d := app.NewClientTester(c)
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	d.Nav(u)
	d.Consume()
	t.Cleanup(d.Close)
	return d
}

// match checks that the element at path in tree is want; a nil want,
// that there is none.
func match(t *testing.T, tree app.UI, path []int, want app.UI) {
	t.Helper()
	if want == nil {
		// (TestMatch itself panics on an element where none is expected.)
		err := app.TestMatch(tree, app.TestUIDescriptor{Path: path, Expected: app.Text("")})
		if err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("at %v: an element where none should be", path)
		}
		return
	}
	if err := app.TestMatch(tree, app.TestUIDescriptor{Path: path, Expected: want}); err != nil {
		t.Errorf("at %v: %v", path, err)
	}
}

func TestReaderRendersTheArticle(t *testing.T) {
	seed := seeds.Articles()[0]
	r := &Reader{}
	nav(t, r, reading.ArticlePath(seed.Slug))

	// Reader > div.shell > [skip link, header, main > [banners,
	// div.reader-layout > [article > blocks, sidebar], …]]
	match(t, r, app.TestPath(0, 2), app.Main().ID("main").Aria("busy", true))
	match(t, r, app.TestPath(0, 2, 1, 0), app.Article().ID(readerTextID).Class("reader").DataSet("article-id", seed.ID).OnClick(r.onArticleClick))
	for i, b := range r.s.Workspace().Blocks() {
		match(t, r, app.TestPath(0, 2, 1, 0, i), &block{Block: b})
	}
	title := seed.Blocks[0]
	match(t, r, app.TestPath(0, 2, 1, 0, 0, 0), app.H1().Class("article-title").DataSet("start", title.Start))
	match(t, r, app.TestPath(0, 2, 1, 0, 0, 0, 0), app.Span().DataSet("offset", title.Start))
	match(t, r, app.TestPath(0, 2, 1, 0, 0, 0, 0, 0), app.Text(seed.Title))
	last := len(seed.Blocks) - 1
	match(t, r, app.TestPath(0, 2, 1, 0, last, 0), app.P().DataSet("start", seed.Blocks[last].Start))
	match(t, r, app.TestPath(0, 2, 1, 0, last, 0, 0, 0), app.Text(seed.Blocks[last].Text))
	// Nothing past the last paragraph.
	match(t, r, app.TestPath(0, 2, 1, 0, last+1), nil)
}

func TestReaderUnknownSlug(t *testing.T) {
	r := &Reader{}
	nav(t, r, "/a/no-such-article")
	// The server cannot know the articles added in a browser: its page
	// says it is looking, busy until the app runs there (the browser
	// tests check what the app then shows).
	match(t, r, app.TestPath(0, 2), app.Main().ID("main").Aria("busy", true))
	match(t, r, app.TestPath(0, 2, 0), app.Section().Class("not-found"))
	match(t, r, app.TestPath(0, 2, 0, 0, 0), app.Text("Looking for this article in this browser…"))
}

func TestBlockKinds(t *testing.T) {
	tests := []struct {
		kind article.Kind
		want app.UI
	}{
		{article.Title, app.H1().Class("article-title").DataSet("start", 5)},
		{article.Dek, app.P().Class("dek").DataSet("start", 5)},
		{article.Paragraph, app.P().DataSet("start", 5)},
		{article.Heading, app.H2().Class("section-heading").DataSet("start", 5)},
		{article.ListItem, app.P().Class("list-item").DataSet("start", 5)},
	}
	for _, tt := range tests {
		blk := article.Block{Kind: tt.kind, Text: "It’s “here” 😀", Start: 5, End: 18}
		b := &block{Block: render.Block{Block: blk, Segments: []render.Segment{{Start: 5, Text: blk.Text}}}}
		d := app.NewClientTester(b)
		match(t, b, app.TestPath(0), tt.want)
		match(t, b, app.TestPath(0, 0, 0), app.Text("It’s “here” 😀"))
		d.Close()
	}
}

func TestLibraryListsEveryArticle(t *testing.T) {
	l := &Library{}
	nav(t, l, "/")
	for i, a := range seeds.Articles() {
		// main > section > [h1, ul > li > [h2 > a, p]]
		match(t, l, app.TestPath(0, 2, 0, 1, i, 0, 0), app.A().Href(reading.ArticlePath(a.Slug)))
		match(t, l, app.TestPath(0, 2, 0, 1, i, 0, 0, 0), app.Text(a.Title))
	}
}

// quickTimers makes the status message and the flash of a mark end at
// once, so that the tester (which waits for every timer) does not wait.
func quickTimers(t *testing.T) {
	st, fl := reading.StatusTime, reading.FlashTime
	reading.StatusTime, reading.FlashTime = time.Millisecond, time.Millisecond
	t.Cleanup(func() { reading.StatusTime, reading.FlashTime = st, fl })
}

// pressIn presses a key in the reader as its keydown listener does: the
// session's key table decides, from the session's state and the
// selection, and the reader carries it out in a dispatch of its own.
func pressIn(t *testing.T, d app.ClientDispatcher, r *Reader, k reading.KeyPress, selecting bool) {
	t.Helper()
	a, ok := r.s.KeyAction(k, selecting)
	if !ok {
		t.Fatalf("%+v is not a shortcut here", k)
	}
	r.do(func(ctx app.Context) { r.run(ctx, a) })
	d.Consume()
}

// TestReaderSidebarShowsTheOpenCard: the sidebar, a child component fed
// by the reader, lists the annotation and draws its card when it opens.
func TestReaderSidebarShowsTheOpenCard(t *testing.T) {
	quickTimers(t)
	seed := seeds.Articles()[0]
	r := &Reader{}
	d := nav(t, r, reading.ArticlePath(seed.Slug))
	s, e := quoteAt(t, r.s.Workspace(), "marathon talks", 1)
	r.s.Select(reading.DomSelection{Start: s, End: e}, true)
	pressIn(t, d, r, key("n"), true)
	id := r.s.Focused()
	if id == "" {
		t.Fatal("n opened no card")
	}
	// main > [banners, div.reader-layout > [article, sidebar > aside > [head, body > [transfer, suggest bar, filters, ol > [item, card]]]]]
	list := app.TestPath(0, 2, 1, 1, 0, 1, 3)
	match(t, r, append(list, 0), &annItem{ID: id, Quote: "marathon talks", Badge: "Yellow", BadgeClass: "badge hl hl-yellow", Open: true})
	match(t, r, append(list, 1), app.Li().Class("ann-card"))
	match(t, r, append(list, 1, 0, 0), app.Label().For(noteFieldID(id)))
	pressIn(t, d, r, key("Escape"), false)
	match(t, r, append(list, 0), &annItem{ID: id, Quote: "marathon talks", Badge: "Yellow", BadgeClass: "badge hl hl-yellow"})
	match(t, r, append(list, 1), nil)
}

func key(k string) reading.KeyPress { return reading.KeyPress{Key: k} }
