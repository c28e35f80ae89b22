package ui

import (
	"marginalia/app/reading"
	"net/url"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/annotation"
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

func match(t *testing.T, tree app.UI, path []int, want app.UI) {
	t.Helper()
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
	for i, b := range r.ws.Blocks {
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

// The first step draws a tall screen of text: few long paragraphs, more
// short ones, never more than reading.FirstBlocks.
func TestFirstDrawn(t *testing.T) {
	blocks := func(n, chars int) []render.Block {
		bs := make([]render.Block, n)
		for i := range bs {
			bs[i].Start, bs[i].End = i*(chars+2), i*(chars+2)+chars
		}
		return bs
	}
	tests := []struct {
		name   string
		blocks []render.Block
		want   int
	}{
		{"none", nil, 0},
		{"a short article, all", blocks(15, 300), 15},
		{"long paragraphs", blocks(1000, 600), 14},                     // 13 × 600 < 8000 ≤ 14 × 600
		{"one-line paragraphs", blocks(1000, 40), reading.FirstBlocks}, // 80 × 40 < 8000
		{"one huge paragraph first", blocks(1000, 9000), 1},
		{"exactly the characters", blocks(100, 1000), 8},
	}
	for _, tt := range tests {
		if got := reading.FirstDrawn(tt.blocks); got != tt.want {
			t.Errorf("%s: %d blocks, want %d", tt.name, got, tt.want)
		}
	}
}

// quickTimers makes the status message and the flash of a mark end at
// once, so that the tester (which waits for every timer) does not wait.
func quickTimers(t *testing.T) {
	st, fl := statusTime, flashTime
	statusTime, flashTime = time.Millisecond, time.Millisecond
	t.Cleanup(func() { statusTime, flashTime = st, fl })
}

// pressIn carries out a key press in the reader as its keydown listener
// does: keyAction decides from the reader's state, act carries it out.
func pressIn(t *testing.T, d app.ClientDispatcher, r *Reader, k reading.KeyPress) reading.Action {
	t.Helper()
	st := r.sel.Keys(len(r.ws.Labels))
	st.Card = r.focused != ""
	a := reading.KeyAction(k, st)
	r.do(func(ctx app.Context) { r.act(ctx, a) })
	d.Consume()
	return a
}

// TestReaderKeysWithASelection: what each key does with text selected,
// through the reader itself (its state, the workspace, the sidebar it
// draws), on the host.
func TestReaderKeysWithASelection(t *testing.T) {
	seed := seeds.Articles()[0]
	tests := []struct {
		name  string
		keys  []reading.KeyPress
		check func(t *testing.T, r *Reader)
	}{
		{"n highlights and opens the note", []reading.KeyPress{key("n")}, func(t *testing.T, r *Reader) {
			if len(r.ws.Placed) != 1 || r.focused != r.ws.Placed[0].ID || !r.sidebar || r.sel.Active {
				t.Errorf("placed %d, focused %q, sidebar %v, selection %v", len(r.ws.Placed), r.focused, r.sidebar, r.sel.Active)
			}
		}},
		{"h highlights in the last colour", []reading.KeyPress{key("h")}, func(t *testing.T, r *Reader) {
			if len(r.ws.Placed) != 1 || r.ws.Placed[0].Color != annotation.Yellow || r.focused != "" {
				t.Errorf("placed %+v, focused %q", r.ws.Placed, r.focused)
			}
		}},
		{"2 tags with the second label", []reading.KeyPress{key("2")}, func(t *testing.T, r *Reader) {
			if len(r.ws.Placed) != 1 || r.ws.Placed[0].Label != r.ws.Labels[1] || r.sel.LastLabel != r.ws.Labels[1] || r.sel.Offer.Quote != "marathon talks" {
				t.Errorf("placed %+v, last label %q, offer %+v", r.ws.Placed, r.sel.LastLabel, r.sel.Offer)
			}
		}},
		{"t opens the picker, Escape closes it", []reading.KeyPress{key("t"), key("Escape")}, func(t *testing.T, r *Reader) {
			if r.sel.Picking || r.sel.Active || len(r.ws.Placed) != 0 {
				t.Errorf("picker %v, selection %v, placed %d", r.sel.Picking, r.sel.Active, len(r.ws.Placed))
			}
		}},
		{"h then Ctrl+Z undoes it, Ctrl+Y redoes it", []reading.KeyPress{key("h"), ctrl("z"), ctrl("y")}, func(t *testing.T, r *Reader) {
			if len(r.ws.Placed) != 1 || !r.ws.Set.CanUndo() {
				t.Errorf("placed %d", len(r.ws.Placed))
			}
		}},
		{"n, then Delete in the note box types", []reading.KeyPress{key("n"), {Key: "Delete", In: reading.InField}}, func(t *testing.T, r *Reader) {
			if len(r.ws.Placed) != 1 {
				t.Errorf("Delete while typing removed the annotation")
			}
		}},
		{"n, Escape, j, Delete", []reading.KeyPress{key("n"), key("Escape"), key("j"), key("Delete")}, func(t *testing.T, r *Reader) {
			if len(r.ws.Placed) != 0 || r.focused != "" {
				t.Errorf("placed %d, focused %q", len(r.ws.Placed), r.focused)
			}
		}},
	}
	quickTimers(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Reader{}
			d := nav(t, r, reading.ArticlePath(seed.Slug))
			s, e := quoteAt(t, r.ws, "marathon talks", 1)
			r.sel.Set(reading.DomSelection{Start: s, End: e}, true)
			for _, k := range tt.keys {
				pressIn(t, d, r, k)
			}
			tt.check(t, r)
		})
	}
}

// TestReaderSidebarShowsTheOpenCard: the sidebar, a child component fed
// by the reader, lists the annotation and draws its card when it opens.
func TestReaderSidebarShowsTheOpenCard(t *testing.T) {
	quickTimers(t)
	seed := seeds.Articles()[0]
	r := &Reader{}
	d := nav(t, r, reading.ArticlePath(seed.Slug))
	s, e := quoteAt(t, r.ws, "marathon talks", 1)
	r.sel.Set(reading.DomSelection{Start: s, End: e}, true)
	pressIn(t, d, r, key("n"))
	id := r.focused
	// main > [banners, div.reader-layout > [article, sidebar > aside > [head, body > [transfer, suggest bar, filters, ol > [item, card]]]]]
	list := app.TestPath(0, 2, 1, 1, 0, 1, 3)
	match(t, r, append(list, 0), &annItem{ID: id, Quote: "marathon talks", Badge: "Yellow", BadgeClass: "badge hl hl-yellow", Open: true})
	match(t, r, append(list, 1), app.Li().Class("ann-card"))
	match(t, r, append(list, 1, 0, 0), app.Label().For(noteFieldID(id)))
	pressIn(t, d, r, key("Escape"))
	match(t, r, append(list, 0), &annItem{ID: id, Quote: "marathon talks", Badge: "Yellow", BadgeClass: "badge hl hl-yellow"})
	match(t, r, append(list, 1), nil)
}

func key(k string) reading.KeyPress  { return reading.KeyPress{Key: k} }
func ctrl(k string) reading.KeyPress { return reading.KeyPress{Key: k, Ctrl: true} }
