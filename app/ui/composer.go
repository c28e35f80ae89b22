package ui

import (
	"errors"
	"marginalia/app/reading"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/article"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/seeds"
)

// AddPath is the route of the page that adds an article.
const AddPath = "/add"

// previewBlocks is how many blocks the preview shows.
const previewBlocks = 40

// Composer is the page that adds an article: pasted, typed, or read from
// a .txt or .md file (chosen or dropped), with a live preview of how it
// will read, and an editable title.
type Composer struct {
	app.Compo

	mounted     bool
	source      string
	format      library.Format
	title       string
	titleEdited bool
	parsed      article.Article
	parseErr    error
	msg         string // why the text cannot be added, or what to do
	existing    string // the slug of the same text, already added
	release     []func()
}

func (c *Composer) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(pageTitle("Add an article"))
	c.mounted = app.IsClient
	if c.format == "" {
		c.format = library.Text
		c.parseErr = library.ErrEmpty
	}
}

func (c *Composer) OnMount(ctx app.Context) {
	doc := app.Window().Get("document")
	for _, ev := range []string{"dragover", "drop"} {
		f := app.FuncOf(func(this app.Value, args []app.Value) any {
			e := args[0]
			dt := e.Get("dataTransfer")
			if !dt.Truthy() || !dt.Get("types").Call("includes", "Files").Bool() {
				return nil
			}
			e.Call("preventDefault")
			if e.Get("type").String() == "drop" && dt.Get("files").Length() > 0 {
				c.readFile(ctx, dt.Get("files").Index(0))
			}
			return nil
		})
		doc.Call("addEventListener", ev, f)
		c.release = append(c.release, func() { doc.Call("removeEventListener", ev, f); f.Release() })
	}
}

func (c *Composer) OnDismount() {
	for _, r := range c.release {
		r()
	}
	c.release = nil
}

// setSource takes a new text and parses it for the preview.
func (c *Composer) setSource(src string) {
	c.source = src
	c.existing, c.msg = "", ""
	c.reparse()
}

func (c *Composer) reparse() {
	src := c.source
	if c.titleEdited {
		src = library.WithTitle(src, c.format, c.title)
	}
	c.parsed, c.parseErr = library.Parse(src, c.format)
	if c.parseErr == nil && !c.titleEdited {
		c.title = c.parsed.Title
	}
}

// readFile reads a chosen or dropped file into the text box.
func (c *Composer) readFile(ctx app.Context, file app.Value) {
	name := file.Get("name").String()
	if size := file.Get("size").Int(); size > library.MaxSize {
		ctx.Dispatch(func(app.Context) {
			c.msg = "“" + name + "” is " + reading.Itoa(size>>20) + " MB: the limit is " + reading.Itoa(library.MaxSize>>20) + " MB of text."
		})
		return
	}
	settle(file.Call("arrayBuffer"), func(buf app.Value) {
		arr := app.Window().Get("Uint8Array").New(buf)
		data := make([]byte, arr.Length())
		app.CopyBytesToGo(data, arr)
		ctx.Dispatch(func(ctx app.Context) {
			c.format = library.DetectFormat(name, string(data))
			c.titleEdited = false
			c.setSource(string(data))
			if c.parseErr != nil {
				c.msg = "“" + name + "” cannot be added: " + c.parseErr.Error() + "."
			}
			if el := app.Window().GetElementByID("article-source"); el.Truthy() {
				el.Set("value", c.source)
			}
		})
	}, func(app.Value) {
		ctx.Dispatch(func(app.Context) { c.msg = "“" + name + "” could not be read." })
	})
}

// save adds the article and opens it.
func (c *Composer) save(ctx app.Context) {
	src := c.source
	if c.titleEdited {
		src = library.WithTitle(src, c.format, c.title)
	}
	taken := func(slug string) bool { _, ok := seeds.BySlug(slug); return ok }
	it, err := library.New(storage).Add(src, c.format, time.Now(), taken)
	switch {
	case errors.Is(err, library.ErrDuplicate):
		c.msg, c.existing = "This text is already in your library.", it.Slug
		return
	case errors.Is(err, store.ErrQuota):
		c.msg = "The browser’s storage is full: delete an article or export annotations to make room."
		return
	case err != nil:
		c.msg = "This text cannot be added: " + err.Error() + "."
		return
	}
	ctx.Navigate(reading.ArticlePath(it.Slug))
}

func (c *Composer) Render() app.UI {
	return frame(!c.mounted,
		classed("section", "composer").Aria("labelledby", "composer-heading").Body(
			app.Elem("h1").ID("composer-heading").Text("Add an article"),
			classedText("p", "hint", "Paste or type a text, or open a .txt or .md file (or drop it here). The first line is the title, the next paragraph the standfirst. It stays in this browser, and works offline."),
			classed("div", "composer-grid").Body(
				classed("div", "composer-form").Body(
					classed("div", "field").Body(
						app.Elem("label").Attr("for", "article-title").Text("Title"),
						app.ElemSelfClosing("input").Attr("type", "text").ID("article-title").Attr("value", c.title).
							OnInput(func(ctx app.Context, e app.Event) {
								c.title, c.titleEdited = ctx.JSSrc().Get("value").String(), true
								c.reparse()
							}),
					),
					c.renderFormatRow(),
					classed("div", "field").Body(
						app.Elem("label").Attr("for", "article-source").Text("Article text"),
						app.Elem("textarea").ID("article-source").Attr("rows", 16).
							Attr("placeholder", "Title\nStandfirst\n\nFirst paragraph…").
							OnInput(func(ctx app.Context, e app.Event) {
								c.setSource(ctx.JSSrc().Get("value").String())
							}),
					),
					app.If(c.msg != "",
						classed("p", "composer-msg").Attr("role", "alert").Body(
							app.Text(c.msg+" "),
							app.If(c.existing != "", app.Elem("a").Attr("href", reading.ArticlePath(c.existing)).Text("Open it")),
						),
					),
					classed("div", "composer-actions").Body(
						newButton().Class("primary").Attr("disabled", c.parseErr != nil).
							OnClick(func(ctx app.Context, e app.Event) { c.save(ctx) }).Text("Save"),
						app.Elem("a").Attr("href", "/").Class("quiet-link").Text("Cancel"),
						app.If(c.parseErr == nil,
							classedText("span", "muted", reading.Itoa(len(strings.Fields(c.parsed.Text)))+" words"),
						),
					),
				),
				classed("section", "composer-preview").Aria("label", "Preview").Body(
					classedText("h2", "preview-label", "Preview"),
					c.renderPreview(),
				),
			),
		),
	)
}

// renderFormatRow is the format menu and the file chooser.
func (c *Composer) renderFormatRow() app.UI {
	formats := []struct {
		f    library.Format
		name string
	}{{library.Text, "Plain text"}, {library.Markdown, "Markdown"}}
	return classed("div", "field row").Body(
		app.Elem("label").Attr("for", "article-format").Text("Format"),
		app.Elem("select").ID("article-format").
			OnChange(func(ctx app.Context, e app.Event) {
				c.format = library.Format(ctx.JSSrc().Get("value").String())
				c.reparse()
			}).
			Body(app.Range(formats).Slice(func(i int) app.UI {
				return app.Elem("option").Attr("value", string(formats[i].f)).Attr("selected", c.format == formats[i].f).Text(formats[i].name)
			})),
		app.Elem("label").Attr("for", "article-file").Class("import-button quiet").Body(
			app.Text("Open a file"),
			app.ElemSelfClosing("input").Attr("type", "file").ID("article-file").Class("file-input").
				Attr("accept", ".txt,.md,.markdown,text/plain,text/markdown").
				OnChange(func(ctx app.Context, e app.Event) {
					input := ctx.JSSrc()
					if files := input.Get("files"); files.Length() > 0 {
						c.readFile(ctx, files.Index(0))
					}
					input.Set("value", "")
				}),
		),
	)
}

// renderPreview shows the parsed text as the reader will, or why it cannot
// be read.
func (c *Composer) renderPreview() app.UI {
	if c.parseErr != nil {
		why := "Nothing to show yet."
		if !errors.Is(c.parseErr, library.ErrEmpty) {
			why = "This text cannot be read: " + c.parseErr.Error() + "."
		}
		return classedText("p", "muted", why)
	}
	blocks := c.parsed.Blocks
	more := 0
	if len(blocks) > previewBlocks {
		more, blocks = len(blocks)-previewBlocks, blocks[:previewBlocks]
	}
	out := make([]app.UI, 0, len(blocks)+1)
	for _, b := range blocks {
		switch b.Kind {
		case article.Title:
			out = append(out, classedText("h1", "article-title", b.Text))
		case article.Dek:
			out = append(out, classedText("p", "dek", b.Text))
		case article.Heading:
			out = append(out, classedText("h2", "section-heading", b.Text))
		case article.ListItem:
			out = append(out, classedText("p", "list-item", b.Text))
		default:
			out = append(out, textElem("p", b.Text))
		}
	}
	if more > 0 {
		out = append(out, classedText("p", "muted", "… and "+reading.Plural(more, "more block", "more blocks")+"."))
	}
	return classed("div", "reader preview").Body(out...)
}
