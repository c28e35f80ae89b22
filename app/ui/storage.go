package ui

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/store"
)

// localStorage is the store.Backend of browsers that give Marginalia no
// IndexedDB (some private windows): about 5 MB a site. Each value is kept
// behind store.ValueMark (see there why). It is also where libraries
// written before IndexedDB are, to move them (migrate).
type localStorage struct{}

func (localStorage) ls() app.Value { return app.Window().Get("localStorage") }

// call runs fn and turns a JavaScript exception (which syscall/js raises
// as a panic) into an error; a full storage gives store.ErrQuota.
func call(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = storageError(fmt.Sprint(r), false)
		}
	}()
	fn()
	return nil
}

// storageError is the error of a failed write, store.ErrQuota for a full
// storage.
func storageError(msg string, quota bool) error {
	if quota || strings.Contains(msg, "QuotaExceeded") || strings.Contains(msg, "quota") {
		return fmt.Errorf("%w (%s)", store.ErrQuota, msg)
	}
	return errors.New("storage: " + msg)
}

func (b localStorage) Get(key string) (value string, ok bool, err error) {
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

func (b localStorage) Set(key, value string) error {
	return call(func() { b.ls().Call("setItem", key, store.Stored(value)) })
}

func (b localStorage) Remove(key string) error {
	return call(func() { b.ls().Call("removeItem", key) })
}

func (b localStorage) Keys() (keys []string, err error) {
	err = call(func() {
		ls := b.ls()
		n := ls.Get("length").Int()
		for i := 0; i < n; i++ {
			keys = append(keys, ls.Call("key", i).String())
		}
	})
	return keys, err
}

// indexedDB is the store.Backend of the browser: IndexedDB, through
// web/store.js, which keeps every value in memory too, so that reads and
// writes are synchronous (see there why they must be). A write reaches
// the disk in a transaction that ends after Set returns: how it went
// comes later (store.js's onfailure; failing).
type indexedDB struct{}

func (indexedDB) js() app.Value { return app.Window().Get("marginaliaStore") }

func (b indexedDB) Get(key string) (string, bool, error) {
	v := b.js().Call("raw", key)
	switch v.Type() {
	case app.TypeString: // written by hand, or by an older version
		return jsString(v), true, nil
	case app.TypeObject: // UTF-8 bytes, as Set writes
		s := make([]byte, v.Get("length").Int())
		app.CopyBytesToGo(s, v)
		return unsafe.String(unsafe.SliceData(s), len(s)), true, nil
	}
	return "", false, nil
}

// Set writes value as UTF-8 bytes: copied as they are from Go's memory
// (a JavaScript string would be decoded from them, and take twice the
// room of most texts), and read back the same way.
func (b indexedDB) Set(key, value string) error {
	u := app.Window().Get("Uint8Array").New(len(value))
	app.CopyBytesToJS(u, unsafe.Slice(unsafe.StringData(value), len(value))) // only read
	b.js().Call("set", key, u)
	return nil
}

func (b indexedDB) Remove(key string) error {
	b.js().Call("remove", key)
	return nil
}

// Failing says why the last write failed ("" if it did not), and whether
// for want of space (lateWriter).
func (b indexedDB) Failing() (failure string, quota bool) {
	f := b.js().Call("failure")
	return f.Index(0).String(), f.Index(1).Bool()
}

func (b indexedDB) Keys() ([]string, error) {
	ks := b.js().Call("keys")
	keys := make([]string, ks.Length())
	for i := range keys {
		keys[i] = ks.Index(i).String()
	}
	return keys, nil
}

// Committed waits until every write so far is on disk (store.Committer).
// It blocks: the app's start calls it, never a JavaScript callback.
func (b indexedDB) Committed() error {
	_, err := await(b.js().Call("flushed"))
	return err
}

// Stored reads key from the disk, not from memory (store.Committer).
func (b indexedDB) Stored(key string) (string, bool, error) {
	v, err := await(b.js().Call("stored", key))
	if err != nil || v.Type() != app.TypeString {
		return "", false, err
	}
	return jsString(v), true, nil
}

// await blocks until promise settles. Only a goroutine that no JavaScript
// callback runs on may call it (the app's main one, at start).
func await(promise app.Value) (app.Value, error) {
	type outcome struct {
		v   app.Value
		err error
	}
	ch := make(chan outcome, 1)
	settle(promise, func(v app.Value) { ch <- outcome{v: v} }, func(e app.Value) {
		msg := "failed"
		if e.Truthy() {
			msg = e.Call("toString").String()
		}
		ch <- outcome{err: errors.New(msg)}
	})
	o := <-ch
	return o.v, o.err
}

// The storage the app uses, chosen at start (OpenStorage), and what the
// user must know of it ("" when it is IndexedDB, as it should be).
var (
	storage       store.Backend = localStorage{}
	storageNotice string
)

// OpenStorage chooses where the library is kept, moving a library that
// localStorage holds (the app kept it there before) into IndexedDB. It
// blocks until the library can be read: the app's main goroutine calls it
// before the app runs.
func OpenStorage() {
	idb := false
	if ms := app.Window().Get("marginaliaStore"); ms.Truthy() { // absent from a page of an older version
		kind, err := await(ms.Get("ready"))
		idb = err == nil && kind.String() == "indexeddb"
	}
	switch {
	case idb:
		storage = indexedDB{}
		// What could not be moved stays in localStorage, and is moved at
		// the next start (merged with what was saved meanwhile).
		if err := store.Migrate(localStorage{}, indexedDB{}); err != nil {
			storageNotice = fmt.Sprintf("Part of your library could not be moved to this browser’s larger storage (%v). It is kept where it was, and moved at the next start; until then, what it holds does not show.", err)
		}
	case call(func() { localStorage{}.ls().Get("length") }) == nil:
		storage = localStorage{}
		storageNotice = "This browser does not let Marginalia use its large storage here (a private window?): your library is kept in its small one, about 5 MB. Back up everything often."
	default:
		storage = &store.Memory{}
		storageNotice = "This browser does not let Marginalia store anything here (a private window?): nothing you do is saved once the tab closes. Export your annotations before closing it."
	}
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
