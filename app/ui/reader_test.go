package ui

import (
	"net/url"
	"testing"

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

func match(t *testing.T, tree app.UI, path []int, want app.UI) {
	t.Helper()
	if err := app.TestMatch(tree, app.TestUIDescriptor{Path: path, Expected: want}); err != nil {
		t.Errorf("at %v: %v", path, err)
	}
}

func TestReaderRendersTheArticle(t *testing.T) {
	seed := seeds.Articles()[0]
	r := &Reader{}
	nav(t, r, ArticlePath(seed.Slug))

	// Reader > div.shell > [skip link, header, main > [banners,
	// div.reader-layout > [article > blocks, sidebar], …]]
	match(t, r, app.TestPath(0, 2), app.Main().ID("main").Aria("busy", true))
	match(t, r, app.TestPath(0, 2, 1, 0), app.Article().ID(readerTextID).Class("reader").DataSet("article-id", seed.ID).OnClick(r.onArticleClick))
	for i, b := range r.ws.blocks {
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
		match(t, l, app.TestPath(0, 2, 0, 1, i, 0, 0), app.A().Href(ArticlePath(a.Slug)))
		match(t, l, app.TestPath(0, 2, 0, 1, i, 0, 0, 0), app.Text(a.Title))
	}
}

// The first step draws a tall screen of text: few long paragraphs, more
// short ones, never more than firstBlocks.
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
		{"long paragraphs", blocks(1000, 600), 14},             // 13 × 600 < 8000 ≤ 14 × 600
		{"one-line paragraphs", blocks(1000, 40), firstBlocks}, // 80 × 40 < 8000
		{"one huge paragraph first", blocks(1000, 9000), 1},
		{"exactly the characters", blocks(100, 1000), 8},
	}
	for _, tt := range tests {
		if got := firstDrawn(tt.blocks); got != tt.want {
			t.Errorf("%s: %d blocks, want %d", tt.name, got, tt.want)
		}
	}
}
