package ui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/library"
)

func TestComposerPreviewAndTitle(t *testing.T) {
	c := &Composer{}
	nav(t, c, AddPath)
	c.setSource("Notes from Oslo\nA standfirst.\n\n## Not a heading in plain text\n\nBody.")
	if c.parseErr != nil || c.title != "Notes from Oslo" || c.parsed.Dek != "A standfirst." {
		t.Fatalf("parsed %q / %q, %v", c.title, c.parsed.Dek, c.parseErr)
	}
	// The same text read as Markdown makes a section heading.
	c.format = library.Markdown
	c.reparse()
	if len(c.parsed.Blocks) != 4 || c.parsed.Blocks[2].Text != "Not a heading in plain text" {
		t.Errorf("markdown blocks %+v", c.parsed.Blocks)
	}
	// An edited title sticks when the text changes.
	c.title, c.titleEdited = "Oslo, Tuesday", true
	c.reparse()
	c.setSource(c.source + "\n\nMore.")
	if c.parsed.Title != "Oslo, Tuesday" || c.title != "Oslo, Tuesday" {
		t.Errorf("title %q / %q", c.parsed.Title, c.title)
	}
	c.titleEdited = false
	c.setSource("   ")
	if c.parseErr != library.ErrEmpty {
		t.Errorf("empty text: %v", c.parseErr)
	}
}

func TestComposerRendersPreview(t *testing.T) {
	c := &Composer{format: library.Markdown}
	c.setSource("# Title\n\nDek.\n\n- item")
	nav(t, c, AddPath)
	// main > section > [h1, p.hint, div.grid > [form, section.preview > [h2, div.reader > blocks]]]
	match(t, c, app.TestPath(0, 2, 0, 2, 1, 1, 0), app.H1().Class("article-title"))
	match(t, c, app.TestPath(0, 2, 0, 2, 1, 1, 2), app.P().Class("list-item"))
	match(t, c, app.TestPath(0, 2, 0, 2, 1, 1, 2, 0), app.Text("item"))
}
