package ui

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/store"
)

// browserStorage is the store.Backend of the browser: localStorage, each
// value behind store.ValueMark (see there why).
type browserStorage struct{}

func (browserStorage) ls() app.Value { return app.Window().Get("localStorage") }

// call runs fn and turns a JavaScript exception (which syscall/js raises
// as a panic) into an error; a full storage gives store.ErrQuota.
func call(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprint(r)
			if strings.Contains(msg, "QuotaExceeded") || strings.Contains(msg, "quota") {
				err = fmt.Errorf("%w (%s)", store.ErrQuota, msg)
				return
			}
			err = fmt.Errorf("localStorage: %s", msg)
		}
	}()
	fn()
	return nil
}

func (b browserStorage) Get(key string) (value string, ok bool, err error) {
	err = call(func() {
		// getItem gives a string or null. (Not v.Truthy(): for a string,
		// syscall/js copies it whole into Go to compare it with "", and a
		// record can be megabytes.)
		v := b.ls().Call("getItem", key)
		if v.Type() == app.TypeString {
			value, ok = store.Unstored(jsString(v)), true
		}
	})
	return value, ok, err
}

func (b browserStorage) Set(key, value string) error {
	return call(func() { b.ls().Call("setItem", key, store.Stored(value)) })
}

func (b browserStorage) Remove(key string) error {
	return call(func() { b.ls().Call("removeItem", key) })
}

func (b browserStorage) Keys() (keys []string, err error) {
	err = call(func() {
		ls := b.ls()
		n := ls.Get("length").Int()
		for i := 0; i < n; i++ {
			keys = append(keys, ls.Call("key", i).String())
		}
	})
	return keys, err
}

// download offers content to the user as a file, through a Blob and an
// object URL. (go-app's Call does not convert []any, so the Blob's parts
// are made as a JS array here.)
func download(name, mime, content string) {
	win := app.Window()
	parts := win.Get("Array").New(content)
	opts := win.Get("Object").New()
	opts.Set("type", mime)
	blob := win.Get("Blob").New(parts, opts)
	url := win.Get("URL").Call("createObjectURL", blob)
	a := win.Get("document").Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	win.Get("document").Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var revoke app.Func
	revoke = app.FuncOf(func(app.Value, []app.Value) any {
		win.Get("URL").Call("revokeObjectURL", url)
		revoke.Release()
		return nil
	})
	win.Call("setTimeout", revoke, 10000)
}

// jsString copies the JavaScript string v into Go once, where
// app.Value.String copies it twice (into a []byte, then into a string):
// a record can be megabytes. The bytes are not used elsewhere, so the
// string can be made of them.
func jsString(v app.Value) string {
	b := app.Window().Get("TextEncoder").New().Call("encode", v)
	s := make([]byte, b.Get("length").Int())
	app.CopyBytesToGo(s, b)
	return unsafe.String(unsafe.SliceData(s), len(s))
}
