package ui

import (
	"marginalia/app/reading"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/article"
)

// readSelection reads the browser's selection (see domSelection).

func readSelection(textLen int) (reading.DomSelection, bool) {
	var s reading.DomSelection
	win := app.Window()
	sel := win.Call("getSelection")
	if !sel.Truthy() || sel.Get("rangeCount").Int() == 0 || sel.Get("isCollapsed").Bool() {
		return s, false
	}
	rng := sel.Call("getRangeAt", 0)
	article := win.Get("document").Call("querySelector", "main article.reader")
	if !article.Truthy() || !article.Call("contains", rng.Get("commonAncestorContainer")).Bool() {
		return s, false
	}
	spans := article.Call("querySelectorAll", "[data-offset]")
	var ok bool
	if s.Start, ok = boundary(rng.Get("startContainer"), rng.Get("startOffset").Int(), spans, textLen); !ok {
		return s, false
	}
	if s.End, ok = boundary(rng.Get("endContainer"), rng.Get("endOffset").Int(), spans, textLen); !ok {
		return s, false
	}
	rect := rng.Call("getBoundingClientRect")
	sx, sy := win.Get("scrollX").Float(), win.Get("scrollY").Float()
	s.Top, s.Bottom = rect.Get("top").Float()+sy, rect.Get("bottom").Float()+sy
	s.Left, s.Right = rect.Get("left").Float()+sx, rect.Get("right").Float()+sx
	return s, s.Start < s.End
}

// boundary converts a DOM boundary point to a code-point offset. Inside a
// segment's text node, the UTF-16 offset is converted within the segment;
// elsewhere the point maps to the start of the first segment after it (or
// the end of the text), found by binary search in document order.
func boundary(node app.Value, offset int, spans app.Value, textLen int) (int, bool) {
	const textNode = 3
	if node.Get("nodeType").Int() == textNode {
		parent := node.Get("parentElement")
		if parent.Truthy() && parent.Call("hasAttribute", "data-offset").Bool() {
			base, err := strconv.Atoi(parent.Call("getAttribute", "data-offset").String())
			if err != nil {
				return 0, false
			}
			return base + article.CodePointsFromUTF16(node.Get("data").String(), offset), true
		}
	}
	doc := app.Window().Get("document")
	point := doc.Call("createRange")
	point.Call("setStart", node, offset)
	lo, hi := 0, spans.Get("length").Int()
	for lo < hi {
		mid := (lo + hi) / 2
		// comparePoint is -1 when (span, 0) comes before the point.
		if point.Call("comparePoint", spans.Call("item", mid), 0).Int() < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == spans.Get("length").Int() {
		return textLen, true
	}
	at, err := strconv.Atoi(spans.Call("item", lo).Call("getAttribute", "data-offset").String())
	return at, err == nil
}

// settle calls ok with the value of the JavaScript promise p once it is
// fulfilled, or fail (if not nil) with its reason if it is rejected, and
// releases both callbacks either way. They run in a JS callback: state
// changes go through Dispatch.
func settle(p app.Value, ok, fail func(app.Value)) {
	var okf, failf app.Func
	release := func() { okf.Release(); failf.Release() }
	arg := func(args []app.Value) app.Value {
		if len(args) == 0 {
			return app.Undefined()
		}
		return args[0]
	}
	okf = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		ok(arg(args))
		return nil
	})
	failf = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		if fail != nil {
			fail(arg(args))
		}
		return nil
	})
	p.Call("then", okf, failf)
}

// clearSelection empties the browser's selection.
func clearSelection() {
	if sel := app.Window().Call("getSelection"); sel.Truthy() {
		sel.Call("removeAllRanges")
	}
}

// focusElement moves the focus to the element with the given ID.
func focusElement(id string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// scrollToMark scrolls the first element the CSS selector finds (a mark)
// into the middle of the view.
func scrollToMark(selector string) {
	el := app.Window().Get("document").Call("querySelector", selector)
	if el.Truthy() {
		opts := app.Window().Get("Object").New()
		opts.Set("block", "center")
		el.Call("scrollIntoView", opts)
	}
}

// placeToolbar puts the selection toolbar above the selection's first
// line, or below its last one when there is no room above in the view
// (and on touch screens, where the system's own menu and handles sit
// above the selection), so that it never covers the selected text. It
// goes through the CSS object model: the style attribute is refused by
// the Content-Security-Policy.
func placeToolbar(s reading.DomSelection) {
	win := app.Window()
	el := win.GetElementByID("sel-toolbar")
	if !el.Truthy() {
		return
	}
	h := el.Get("offsetHeight").Float()
	w := el.Get("offsetWidth").Float()
	sx, sy := win.Get("scrollX").Float(), win.Get("scrollY").Float()
	top := s.Top - h - 8
	if top < sy+8 || win.Call("matchMedia", "(pointer: coarse)").Get("matches").Bool() {
		top = s.Bottom + 8
	}
	vw := win.Get("innerWidth").Float()
	left := (s.Left+s.Right)/2 - w/2
	left = max(sx+8, min(left, sx+vw-w-8))
	// Page coordinates become the offset parent's (main is positioned).
	if p := el.Get("offsetParent"); p.Truthy() {
		r := p.Call("getBoundingClientRect")
		top -= r.Get("top").Float() + sy
		left -= r.Get("left").Float() + sx
	}
	style := el.Get("style")
	style.Set("top", ftoa(top)+"px")
	style.Set("left", ftoa(left)+"px")
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// fileBox is a file input behind its label (the button the user sees,
// with the accessible name label), taking the chosen file to take.
func fileBox(id, label, title, accept string, take func(file app.Value)) app.UI {
	return app.Elem("label").Attr("for", id).Class("import-button quiet").Title(title).Body(
		app.Text(label),
		app.ElemSelfClosing("input").Attr("type", "file").ID(id).Class("file-input").Attr("accept", accept).
			OnChange(func(ctx app.Context, e app.Event) { chosenFile(ctx, take) }),
	)
}

// resultLine says what an import or a restore did (a status), or why it
// did nothing (an alert); nothing when msg is empty.
func resultLine(msg string, failed bool) app.UI {
	if msg == "" {
		return app.Text("")
	}
	if failed {
		return classed("p", "import-result error").Attr("role", "alert").Text(msg)
	}
	return classed("p", "import-result ok").Attr("role", "status").Text(msg)
}

// chosenFile gives the file chosen in the file box the event came from to
// take, and empties the box, so that the same file can be chosen again.
func chosenFile(ctx app.Context, take func(file app.Value)) {
	input := ctx.JSSrc()
	files := input.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	take(files.Index(0))
	input.Set("value", "")
}

// fileDrop handles a dragover, dragleave or drop event of the page: it
// shows that a file dragged over the page can be dropped there (the
// "dropping" class), and gives a dropped one to take.
func fileDrop(e app.Value, take func(file app.Value)) {
	dt := e.Get("dataTransfer")
	if !dt.Truthy() || !dt.Get("types").Call("includes", "Files").Bool() {
		return
	}
	root := app.Window().Get("document").Get("documentElement").Get("classList")
	switch e.Get("type").String() {
	case "dragover":
		e.Call("preventDefault") // allow the drop
		dt.Set("dropEffect", "copy")
		root.Call("add", "dropping")
	case "dragleave":
		if !e.Get("relatedTarget").Truthy() {
			root.Call("remove", "dropping")
		}
	case "drop":
		e.Call("preventDefault") // do not open the file in the tab
		root.Call("remove", "dropping")
		if files := dt.Get("files"); files.Length() > 0 {
			take(files.Index(0))
		}
	}
}
