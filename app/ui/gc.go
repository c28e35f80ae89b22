package ui

import (
	"runtime"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// gcPending is set while a collection waits for the browser to be idle.
var gcPending bool

// collectWhenIdle runs the garbage collector when the browser is next idle
// (within a second). WebAssembly Go has one thread: a collection marks the
// whole heap on the page's only thread, and one that starts during an edit
// delays its mark by tens of milliseconds. A save leaves megabytes of
// garbage; collecting it while the reader is idle keeps the next edit free
// of it.
func collectWhenIdle() {
	if gcPending || !app.IsClient {
		return
	}
	win := app.Window()
	if !win.Get("requestIdleCallback").Truthy() {
		return
	}
	gcPending = true
	var f app.Func
	f = app.FuncOf(func(app.Value, []app.Value) any {
		f.Release()
		gcPending = false
		runtime.GC()
		return nil
	})
	opts := win.Get("Object").New()
	opts.Set("timeout", 1000)
	win.Call("requestIdleCallback", f, opts)
}
