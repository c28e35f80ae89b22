package reading

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/app/annotation"
	"marginalia/app/store"
	"marginalia/seeds"
)

// browser is the storage that the tabs of one origin share, as IndexedDB
// through web/store.js gives it (Chrome's localStorage behaves alike):
// each tab reads and writes a copy of its own (store.js's Map, read from
// the disk when the tab opened), so that a save's reads and the write
// that lands on the disk are separate steps, which the test orders:
//
//   - a tab's save (paint, Flush, a retry) reads and writes its copy,
//     and starts a write to the disk;
//   - commit ends that write: what the tab wrote lands on the disk, in
//     place of whatever another tab committed there before; fail ends
//     it in failure instead (IndexedDB's late writes: the saver hears
//     how each ends through Written, and the keys stay to be written by
//     the tab's next write, as store.js does);
//   - each commit is heard by every other tab when the test says (hear):
//     the tab's copy takes the values in, except for keys it wrote and
//     has not committed, and then its saver hears of the record, as the
//     reader does of a storage event. One tab's commits are heard in the
//     order it made them (a BroadcastChannel keeps that order); those of
//     different tabs in any order, even after further writes.
//
// So "A saves, B saves, A commits, B commits" is two tabs reading the
// same record before either writes, and B's write replacing A's.
type browser struct {
	disk store.Memory // what is committed
	tabs []*tab       // the open tabs
}

// A tab is one page with the seed article open: its saver, workspace and
// fake page, and its copy of the storage (the saver's store.Backend, and
// a lateWriter).
type tab struct {
	name  string
	b     *browser
	page  *fakePage
	saver *Saver
	ws    *Workspace

	copy    store.Memory    // what the tab reads: store.js's Map
	dirty   map[string]bool // keys written here and not committed
	writing bool            // a write to the disk is under way
	inbox   []broadcast     // other tabs' commits, not heard yet
	failure string          // why the last commit failed ("" if it did not)
	quota   bool            // it failed for want of space
}

// A broadcast is what one commit put on the disk: each key's value, nil
// for a key removed.
type broadcast struct {
	from   *tab
	values map[string]*string
}

// open opens the seed article in a new tab, which reads what the disk
// holds now.
func (b *browser) open(name string) *tab {
	tab := &tab{name: name, b: b, page: &fakePage{}, dirty: map[string]bool{}}
	keys, _ := b.disk.Keys()
	for _, k := range keys {
		v, _, _ := b.disk.Get(k)
		tab.copy.Set(k, v)
	}
	tab.saver = NewSaver(tab.page, tab)
	tab.ws = NewWorkspace(seeds.Articles()[0])
	tab.saver.Open(tab.ws)
	b.tabs = append(b.tabs, tab)
	return tab
}

// The tab's storage, as its saver sees it.

func (tab *tab) Get(key string) (string, bool, error) { return tab.copy.Get(key) }
func (tab *tab) Keys() ([]string, error)              { return tab.copy.Keys() }
func (tab *tab) Failing() (string, bool)              { return tab.failure, tab.quota }

func (tab *tab) Set(key, value string) error {
	tab.dirty[key], tab.writing = true, true
	return tab.copy.Set(key, value)
}

func (tab *tab) Remove(key string) error {
	tab.dirty[key], tab.writing = true, true
	return tab.copy.Remove(key)
}

// commit ends the tab's write under way, if one is: what it wrote since
// its last commit lands on the disk at once, and the other tabs will
// hear of it. A success after failures tells the saver they are over.
func (tab *tab) commit() {
	if !tab.writing {
		return
	}
	tab.writing = false
	c := broadcast{from: tab, values: map[string]*string{}}
	for k := range tab.dirty {
		if v, ok, _ := tab.copy.Get(k); ok {
			c.values[k] = &v
			tab.b.disk.Set(k, v)
		} else {
			tab.b.disk.Remove(k)
			c.values[k] = nil
		}
	}
	clear(tab.dirty)
	for _, o := range tab.b.tabs {
		if o != tab {
			o.inbox = append(o.inbox, c)
		}
	}
	if tab.failure != "" {
		tab.failure, tab.quota = "", false
		tab.saver.Written("", false)
	}
}

// fail ends the tab's write under way in failure, for want of space:
// nothing lands, and the saver hears why.
func (tab *tab) fail(t *testing.T) {
	t.Helper()
	if !tab.writing {
		t.Fatalf("tab %s has no write under way", tab.name)
	}
	tab.writing = false
	tab.failure, tab.quota = "QuotaExceededError", true
	tab.saver.Written(tab.failure, tab.quota)
}

// hear takes in the oldest commit of from that this tab has not heard:
// its copy takes the values in (not over keys written here and not
// committed), and its saver hears of the record as the reader does of
// the storage event: a record removed is the article's data deleted, and
// the tab starts afresh (Session.OtherTabDeleted).
func (tab *tab) hear(t *testing.T, from *tab) {
	t.Helper()
	i := slices.IndexFunc(tab.inbox, func(c broadcast) bool { return c.from == from })
	if i < 0 {
		t.Fatalf("tab %s has nothing to hear from tab %s", tab.name, from.name)
	}
	c := tab.inbox[i]
	tab.inbox = slices.Delete(tab.inbox, i, i+1)
	for k, v := range c.values {
		switch {
		case tab.dirty[k]:
		case v == nil:
			tab.copy.Remove(k)
		default:
			tab.copy.Set(k, *v)
		}
	}
	switch record, ok := c.values[store.Key(tab.ws.art.ID)]; {
	case !ok:
	case record == nil:
		tab.reset()
	default:
		tab.saver.OtherTabSaved(*record)
	}
}

// hearAll takes in every commit the tab has not heard, oldest first.
func (tab *tab) hearAll(t *testing.T) {
	t.Helper()
	for len(tab.inbox) > 0 {
		tab.hear(t, tab.inbox[0].from)
	}
}

// deleteArticle deletes the article's data in this tab, which starts
// afresh, as the reader's Delete does (Session.deleteData).
func (tab *tab) deleteArticle(t *testing.T) {
	t.Helper()
	if err := tab.saver.DeleteArticle(); err != nil {
		t.Fatal(err)
	}
	tab.reset()
}

func (tab *tab) reset() {
	tab.ws = NewWorkspace(tab.ws.art)
	tab.saver.Reset(tab.ws)
}

// close closes the tab: its page goes (the reader flushes), what it
// wrote is committed, and it hears nothing more.
func (tab *tab) close() {
	tab.saver.Flush()
	tab.commit()
	tab.b.tabs = slices.Delete(tab.b.tabs, slices.Index(tab.b.tabs, tab), slices.Index(tab.b.tabs, tab)+1)
}

// annotate highlights quote in the tab with a note (none if ""): the
// change waits for the paint to be saved.
func (tab *tab) annotate(t *testing.T, quote, note string) string {
	t.Helper()
	s, e := at(t, tab.ws, quote, 1)
	id, err := tab.ws.Highlight(s, e, annotation.Green)
	if err != nil {
		t.Fatal(err)
	}
	if note != "" {
		if err := tab.ws.SetNote(id, note); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// busy reports whether a tab has something to do but wait for time.
func (b *browser) busy() bool {
	return slices.ContainsFunc(b.tabs, func(tab *tab) bool {
		return len(tab.page.paints) > 0 || tab.writing || len(tab.inbox) > 0
	})
}

// settle lets the browser run until nothing is left to do: every tab
// paints (its saves run), commits, hears what the others committed, and
// once all are idle, a minute passes (the retries run). Tabs that kept
// saving to each other would fail the test.
func (b *browser) settle(t *testing.T) {
	t.Helper()
	for range 100 {
		if !b.busy() {
			for _, tab := range b.tabs {
				tab.page.advance(time.Minute)
			}
			if !b.busy() {
				return
			}
		}
		for _, tab := range b.tabs {
			tab.page.paint()
			tab.commit()
			tab.hearAll(t)
		}
	}
	t.Fatal("the tabs still save to each other after 100 rounds")
}

// notesOf sums up the live annotations of a workspace: each one's quote
// and note, sorted.
func notesOf(ws *Workspace) []string {
	var out []string
	for _, a := range ws.set.All() {
		out = append(out, noted(a.Target.Quote.Exact, a.Note))
	}
	slices.Sort(out)
	return out
}

// stored sums up the record on the disk like notesOf (nothing if there
// is none).
func (b *browser) stored(t *testing.T) []string {
	t.Helper()
	d, err := store.New(&b.disk).Load(seeds.Articles()[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	ws := NewWorkspace(seeds.Articles()[0])
	ws.restore(d)
	return notesOf(ws)
}

// agree checks that the disk and every open tab hold want (as notesOf
// sums them up), and that each tab draws all it holds.
func (b *browser) agree(t *testing.T, want ...string) {
	t.Helper()
	slices.Sort(want)
	check := func(name string, got []string) {
		if !slices.Equal(got, want) {
			t.Errorf("%s holds\n\t%s\nwant\n\t%s", name, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
	}
	check("the disk", b.stored(t))
	for _, tab := range b.tabs {
		check("tab "+tab.name, notesOf(tab.ws))
		shown := drawn(tab.ws)
		for _, a := range tab.ws.set.All() {
			if _, ok := shown[a.ID]; !ok {
				t.Errorf("tab %s does not draw %q", tab.name, a.Target.Quote.Exact)
			}
		}
	}
}

// noted is how notesOf sums up a highlight of quote with a note.
func noted(quote, note string) string { return fmt.Sprintf("%s: %q", quote, note) }
