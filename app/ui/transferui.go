package ui

import (
	"marginalia/app/reading"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/webanno"
)

// importFieldID is the file input of "Import annotations".
const importFieldID = "import-file"

// transferPanel is the Export menu and the Import control, in the
// sidebar. It owns importing: the file box, a file dropped anywhere on
// the page, and the message that says what the last import did.
type transferPanel struct {
	app.Compo

	Act      reading.Actor
	Importer importer

	msg    string // what the last import did, or why it did nothing
	failed bool
	events pageEvents
	ctx    app.Context
}

// An importer imports a file of annotations into the article, and says
// what it did (failed: nothing).
type importer interface {
	Import(name string, data []byte) (msg string, failed bool)
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

func (t *transferPanel) OnMount(ctx app.Context) { t.ctx = ctx }

func (t *transferPanel) OnDismount() { t.events.release() }

// dispatch runs fn in go-app's loop and redraws the panel after.
func (t *transferPanel) dispatch(fn func(app.Context)) {
	if t.ctx != nil {
		t.ctx.Dispatch(fn)
	}
}

func (t *transferPanel) Render() app.UI {
	t.listen()
	exp := func(name string, a reading.Action) app.UI {
		return newButton().Class("quiet").
			OnClick(func(ctx app.Context, e app.Event) { t.Act.Act(a) }, name).Text(name)
	}
	return classed("div", "transfer").Body(
		classed("details", "export-menu").Body(
			textElem("summary", "Export"),
			classed("div", "export-choices").Attr("role", "group").Aria("label", "Export").Body(
				exp("Export annotations as JSON", reading.Action{Do: reading.DoExport, Text: "json"}),
				exp("Export as Markdown", reading.Action{Do: reading.DoExport, Text: "markdown"}),
				exp("Export as brat standoff", reading.Action{Do: reading.DoExport, Text: "brat"}),
				exp("Export as CoNLL (IOB)", reading.Action{Do: reading.DoExport, Text: "conll"}),
				exp("Copy JSON", reading.Action{Do: reading.DoCopy, Text: "json"}),
				exp("Copy Markdown", reading.Action{Do: reading.DoCopy, Text: "markdown"}),
			),
		),
		fileBox(importFieldID, "Import annotations", "Or drop a file on the page", ".json,.jsonld,application/json,application/ld+json", t.importFile),
		resultLine(t.msg, t.failed),
	)
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
		t.dispatch(func(ctx app.Context) { t.msg, t.failed = t.Importer.Import(name, []byte(text)) })
	}, func(app.Value) {
		t.result("Nothing imported: “"+name+"” could not be read.", true)
	})
}

// result shows what an import did, in the sidebar (opened for it).
func (t *transferPanel) result(msg string, failed bool) {
	t.dispatch(func(app.Context) { t.msg, t.failed = msg, failed })
	t.Act.Act(reading.Action{Do: reading.DoShowSidebar})
}
