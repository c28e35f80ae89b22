package ui

import (
	"marginalia/app/reading"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/export"
	"marginalia/app/webanno"
	"marginalia/seeds"
)

// importFieldID is the file input of "Import annotations".
const importFieldID = "import-file"

// transferPanel is the Export menu and the Import control, in the
// sidebar. It owns importing: the file box, a file dropped anywhere on
// the page, and the message that says what the last import did.
type transferPanel struct {
	app.Compo

	R *Reader

	msg    string // what the last import did, or why it did nothing
	failed bool
	events pageEvents
}

// listen takes files dropped on the page. It runs at the first render,
// not in OnMount: go-app runs OnMount in a later turn of its loop, after
// the page already says it is ready (aria-busy="false"), and a file
// dropped meanwhile would be opened by the browser instead.
func (t *transferPanel) listen() {
	if !app.IsClient || t.events.releases != nil {
		return
	}
	doc := app.Window().Get("document")
	for _, ev := range []string{"dragover", "dragleave", "drop"} {
		t.events.listen(doc, ev, func(e app.Value) { fileDrop(e, t.importFile) })
	}
}

func (t *transferPanel) OnDismount() { t.events.release() }

// dispatch runs fn in go-app's loop and redraws the panel after.
func (t *transferPanel) dispatch(fn func(app.Context)) {
	if t.R.ctx != nil {
		t.R.ctx.Dispatcher().Dispatch(app.Dispatch{Mode: app.Update, Source: t, Function: fn})
	}
}

func (t *transferPanel) Render() app.UI {
	t.listen()
	exp := func(name string, do func(ctx app.Context)) app.UI {
		return newButton().Class("quiet").
			OnClick(func(ctx app.Context, e app.Event) { t.R.do(do) }, name).Text(name)
	}
	r := t.R
	return classed("div", "transfer").Body(
		classed("details", "export-menu").Body(
			textElem("summary", "Export"),
			classed("div", "export-choices").Attr("role", "group").Aria("label", "Export").Body(
				exp("Export annotations as JSON", r.exportJSON),
				exp("Export as Markdown", r.exportMarkdown),
				exp("Export as brat standoff", r.exportBrat),
				exp("Export as CoNLL (IOB)", r.exportCoNLL),
				exp("Copy JSON", r.copyJSON),
				exp("Copy Markdown", r.copyMarkdown),
			),
		),
		fileBox(importFieldID, "Import annotations", "Or drop a file on the page", ".json,.jsonld,application/json,application/ld+json", t.importFile),
		resultLine(t.msg, t.failed),
	)
}

// exportJSON downloads the article's annotations as W3C Web Annotation JSON.
func (r *Reader) exportJSON(ctx app.Context) {
	data, err := r.ws.ExportJSON(time.Now())
	if err != nil {
		r.say(ctx, "Could not export: "+err.Error())
		return
	}
	download(r.ws.Art.Slug+".annotations.json", "application/ld+json", string(data))
}

func (r *Reader) exportMarkdown(ctx app.Context) {
	download(r.ws.Art.Slug+".md", "text/markdown;charset=utf-8", export.Markdown(r.ws.ExportDoc()))
}

// exportBrat downloads the two files of brat's standoff format.
func (r *Reader) exportBrat(ctx app.Context) {
	txt, ann := export.Brat(r.ws.ExportDoc())
	download(r.ws.Art.Slug+".txt", "text/plain;charset=utf-8", txt)
	download(r.ws.Art.Slug+".ann", "text/plain;charset=utf-8", ann)
}

func (r *Reader) exportCoNLL(ctx app.Context) {
	download(r.ws.Art.Slug+".conll", "text/plain;charset=utf-8", export.CoNLL(r.ws.ExportDoc()))
}

func (r *Reader) copyJSON(ctx app.Context) {
	data, err := r.ws.ExportJSON(time.Now())
	if err != nil {
		r.say(ctx, "Could not export: "+err.Error())
		return
	}
	r.copy("JSON", string(data))
}

func (r *Reader) copyMarkdown(ctx app.Context) {
	r.copy("Markdown", export.Markdown(r.ws.ExportDoc()))
}

// copy puts text on the clipboard and says how it went.
func (r *Reader) copy(what, text string) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		r.do(func(ctx app.Context) { r.say(ctx, "This browser does not allow copying here: use Export instead.") })
		return
	}
	settle(clip.Call("writeText", text), func(app.Value) {
		r.do(func(ctx app.Context) { r.say(ctx, "Copied the "+what+".") })
	}, func(reason app.Value) {
		msg := "the browser refused"
		if reason.Truthy() && reason.Get("message").Truthy() {
			msg = reason.Get("message").String()
		}
		r.do(func(ctx app.Context) { r.say(ctx, "Could not copy: "+msg+". Use Export instead.") })
	})
}

// importFile reads a File and imports it. A file above the size limit is
// refused before it is read.
func (t *transferPanel) importFile(file app.Value) {
	name := file.Get("name").String()
	if size := file.Get("size").Int(); size > webanno.MaxSize {
		t.result("Nothing imported from “"+name+"”: the file is "+reading.Itoa(size>>20)+" MB; the limit is "+reading.Itoa(webanno.MaxSize>>20)+" MB.", true)
		return
	}
	settle(file.Call("text"), func(v app.Value) {
		// The text arrives as a JS string: a file that is not UTF-8 has
		// had its bad bytes replaced, which the decoder still refuses as
		// not JSON, or reads as the text it is.
		text := v.String()
		t.dispatch(func(ctx app.Context) { t.importData(name, []byte(text)) })
	}, func(app.Value) {
		t.result("Nothing imported: “"+name+"” could not be read.", true)
	})
}

// importData imports the bytes of a file and tells how it went.
func (t *transferPanel) importData(name string, data []byte) {
	r := t.R
	rep, err := r.ws.ImportJSON(data, articleName)
	if err != nil {
		t.result("Nothing imported from “"+name+"”: "+err.Error()+".", true)
		return
	}
	r.do(func(app.Context) { r.sel.DropOffer() })
	t.result(rep.String()+". Ctrl+Z undoes the import.", false)
}

// result shows what an import did, in the sidebar (opened for it).
func (t *transferPanel) result(msg string, failed bool) {
	t.dispatch(func(app.Context) { t.msg, t.failed = msg, failed })
	t.R.do(func(app.Context) { t.R.sidebar = true })
}

// articleName names the article an IRI refers to, for messages.
func articleName(iri string) string {
	for _, a := range seeds.Articles() {
		if a.IRI() == iri {
			return "“" + a.Title + "”"
		}
	}
	return iri
}
