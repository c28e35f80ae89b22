package ui

import (
	"strings"
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
	// A new text drops what was said of the last one (a duplicate's link).
	c.msg, c.existing = "This text is already in your library.", "notes-from-oslo"
	c.setSource(c.source + " Again.")
	if c.msg != "" || c.existing != "" {
		t.Errorf("after a new text: message %q, link to %q", c.msg, c.existing)
	}
	c.titleEdited = false
	c.setSource("   ")
	if c.parseErr != library.ErrEmpty {
		t.Errorf("empty text: %v", c.parseErr)
	}
}

func TestComposerRendersPreview(t *testing.T) {
	c := &Composer{format: library.Markdown}
	c.setSource("# Title\n\nDek.\n\n- item\n\n## Part\n\nBody.")
	nav(t, c, AddPath)
	// main > section > [h1, p.hint, div.grid > [form, section.preview > [h2, div.reader > blocks]]]
	preview := app.TestPath(0, 2, 0, 2, 1, 1)
	match(t, c, append(preview, 0), app.H1().Class("article-title"))
	match(t, c, append(preview, 1), app.P().Class("dek"))
	match(t, c, append(preview, 2), app.P().Class("list-item"))
	match(t, c, append(preview, 2, 0), app.Text("item"))
	match(t, c, append(preview, 3), app.H2().Class("section-heading"))
	match(t, c, append(preview, 4), app.P())
	match(t, c, append(preview, 4, 0), app.Text("Body."))
	match(t, c, append(preview, 5), nil)
}

// TestComposerPreviewIsCut: a long text's preview shows its first
// previewBlocks blocks, and says how many more there are.
func TestComposerPreviewIsCut(t *testing.T) {
	c := &Composer{format: library.Text}
	c.setSource("Title\n\n" + strings.Repeat("A paragraph.\n\n", previewBlocks+2))
	if n := len(c.parsed.Blocks); n != previewBlocks+3 {
		t.Fatalf("%d blocks", n)
	}
	nav(t, c, AddPath)
	preview := app.TestPath(0, 2, 0, 2, 1, 1)
	match(t, c, append(preview, previewBlocks-1), app.P())
	match(t, c, append(preview, previewBlocks), app.P().Class("muted"))
	match(t, c, append(preview, previewBlocks, 0), app.Text("… and 3 more blocks."))
	match(t, c, append(preview, previewBlocks+1), nil)
}
