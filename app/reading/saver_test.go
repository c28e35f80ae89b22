package reading

import (
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/app/annotation"
	"marginalia/app/store"
	"marginalia/seeds"
)

// tabs is one origin's storage shared by several tabs: a write by one
// tab is heard by the others as a storage event, delivered when the test
// says (the browser delivers them in a later task).
type tabs struct {
	mem    store.Memory
	savers []*Saver
	events []tabEvent
}

type tabEvent struct {
	from  *Saver
	value string
}

// tabBackend is one tab's view of the shared storage.
type tabBackend struct {
	t   *tabs
	tab **Saver
}

func (b tabBackend) Get(key string) (string, bool, error) { return b.t.mem.Get(key) }
func (b tabBackend) Keys() ([]string, error)              { return b.t.mem.Keys() }
func (b tabBackend) Remove(key string) error              { return b.t.mem.Remove(key) }

func (b tabBackend) Set(key, value string) error {
	if err := b.t.mem.Set(key, value); err != nil {
		return err
	}
	if strings.HasPrefix(key, store.Prefix+"article:") {
		b.t.events = append(b.t.events, tabEvent{*b.tab, value})
	}
	return nil
}

// open opens the seed article in a new tab.
func (t *tabs) open(tb testing.TB) (*Saver, *Workspace, *fakePage) {
	tb.Helper()
	page := &fakePage{}
	var s *Saver
	s = NewSaver(page, tabBackend{t, &s})
	ws := NewWorkspace(seeds.Articles()[0])
	s.Open(ws)
	t.savers = append(t.savers, s)
	return s, ws, page
}

// deliver hands every storage event to the tabs that did not write it.
func (t *tabs) deliver() {
	for len(t.events) > 0 {
		ev := t.events[0]
		t.events = t.events[1:]
		for _, s := range t.savers {
			if s != ev.from {
				s.OtherTabSaved(ev.value)
			}
		}
	}
}

// stored returns the IDs of the live annotations kept for the seed.
func (t *tabs) stored(tb testing.TB) []string {
	tb.Helper()
	d, err := store.New(&t.mem).Load(seeds.Articles()[0].ID)
	if err != nil {
		tb.Fatal(err)
	}
	return ids(d.Set)
}

func ids(set *annotation.Set) []string {
	var out []string
	for _, a := range set.All() {
		out = append(out, a.ID)
	}
	slices.Sort(out)
	return out
}

func highlightQuote(t *testing.T, w *Workspace, quote string) string {
	t.Helper()
	s, e := at(t, w, quote, 1)
	id, err := w.Highlight(s, e, annotation.Green)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSaverSavesAfterPaint: a change is saved once the page has painted
// it, not during the handler that made it; several changes before the
// paint make one save.
func TestSaverSavesAfterPaint(t *testing.T) {
	var tt tabs
	s, w, page := tt.open(t)
	a := highlightQuote(t, w, "marathon talks")
	b := highlightQuote(t, w, "Ben-Gurion airport")
	if got := tt.stored(t); len(got) != 0 {
		t.Fatalf("saved before the paint: %v", got)
	}
	if len(page.paints) != 1 {
		t.Fatalf("%d saves scheduled for two changes, want 1", len(page.paints))
	}
	page.paint()
	want := []string{a, b}
	slices.Sort(want)
	if got := tt.stored(t); !slices.Equal(got, want) {
		t.Fatalf("stored %v, want %v", got, want)
	}
	if s.pending || s.failed {
		t.Errorf("after the save: pending %v, failed %v", s.pending, s.failed)
	}
}

// TestSaverFlushesWhenThePageGoes: a page hidden before its paint (a tab
// closed, a reload) saves the change at once.
func TestSaverFlushesWhenThePageGoes(t *testing.T) {
	var tt tabs
	s, w, page := tt.open(t)
	id := highlightQuote(t, w, "marathon talks")
	s.Flush()
	if got := tt.stored(t); !slices.Equal(got, []string{id}) {
		t.Fatalf("stored %v after flush", got)
	}
	page.paint() // the scheduled save finds nothing left to do
	if page.shows != 0 {
		t.Errorf("%d redraws for nothing", page.shows)
	}
}

// TestSaverTwoTabsEndWithTheUnion: two tabs of one article annotate at
// the same time; each save reads what the other wrote, so both tabs and
// the storage end with every annotation, whatever order the saves and
// the storage events come in.
func TestSaverTwoTabsEndWithTheUnion(t *testing.T) {
	orders := []struct {
		name  string
		steps func(tt *tabs, pa, pb *fakePage)
	}{
		{"A saves, B hears it, B saves", func(tt *tabs, pa, pb *fakePage) { pa.paint(); tt.deliver(); pb.paint(); tt.deliver() }},
		{"both save before any event", func(tt *tabs, pa, pb *fakePage) { pa.paint(); pb.paint(); tt.deliver() }},
		{"B first", func(tt *tabs, pa, pb *fakePage) { pb.paint(); pa.paint(); tt.deliver() }},
	}
	for _, o := range orders {
		t.Run(o.name, func(t *testing.T) {
			var tt tabs
			_, wa, pa := tt.open(t)
			_, wb, pb := tt.open(t)
			a := highlightQuote(t, wa, "marathon talks")
			b := highlightQuote(t, wb, "Ben-Gurion airport")
			o.steps(&tt, pa, pb)
			want := []string{a, b}
			slices.Sort(want)
			for name, got := range map[string][]string{"tab A": ids(wa.set), "tab B": ids(wb.set), "storage": tt.stored(t)} {
				if !slices.Equal(got, want) {
					t.Errorf("%s holds %v, want %v", name, got, want)
				}
			}
			// What another tab brought in is drawn.
			if _, ok := drawn(wa)[b]; !ok {
				t.Errorf("tab A does not draw tab B's highlight")
			}
		})
	}
}

// TestSaverFailedSaveKeepsTheChangeAndRetries: a full storage keeps the
// change in the tab, shows the banner, and tries again on its own; once
// there is room the change is saved and the banner goes.
func TestSaverFailedSaveKeepsTheChangeAndRetries(t *testing.T) {
	var tt tabs
	tt.mem.Limit = 100 // too small for any record
	s, w, page := tt.open(t)
	id := highlightQuote(t, w, "marathon talks")
	page.paint()
	if !s.QuotaFull || page.shows != 1 {
		t.Fatalf("after a failed save: quotaFull %v, %d redraws", s.QuotaFull, page.shows)
	}
	if _, ok := w.Get(id); !ok {
		t.Fatal("the failed save lost the change in the tab")
	}
	page.advance(retryAfter[0])
	if !s.QuotaFull || page.shows != 1 {
		t.Fatalf("a retry into a still full storage: quotaFull %v, %d redraws", s.QuotaFull, page.shows)
	}
	tt.mem.Limit = 0 // room made elsewhere
	page.advance(retryAfter[1] - time.Millisecond)
	if got := tt.stored(t); len(got) != 0 {
		t.Fatalf("retried before its time: %v", got)
	}
	page.advance(time.Millisecond)
	if got := tt.stored(t); !slices.Equal(got, []string{id}) {
		t.Fatalf("after the retry, stored %v", got)
	}
	if s.QuotaFull || s.failed || page.shows != 2 {
		t.Errorf("after the retry: quotaFull %v, failed %v, %d redraws", s.QuotaFull, s.failed, page.shows)
	}
	if len(page.timers) != 0 {
		t.Errorf("%d retries still scheduled after a save", len(page.timers))
	}
}

// TestSaverFailedSaveIsFlushed: a change that failed to save is tried
// again when the page goes away, even with no retry due yet.
func TestSaverFailedSaveIsFlushed(t *testing.T) {
	var tt tabs
	tt.mem.Limit = 100
	s, w, page := tt.open(t)
	id := highlightQuote(t, w, "marathon talks")
	page.paint()
	tt.mem.Limit = 0
	s.Flush()
	if got := tt.stored(t); !slices.Equal(got, []string{id}) {
		t.Fatalf("flush after a failure stored %v", got)
	}
}

// TestSaverCorruptRecordIsBackedUpFirst: an unreadable record is copied
// to a backup before anything is written, the banner names it, and the
// next save writes a fresh record beside the untouched copy.
func TestSaverCorruptRecordIsBackedUpFirst(t *testing.T) {
	var tt tabs
	const garbage = `{"schema":1,"article":` // cut off mid-write
	key := store.Key(seeds.Articles()[0].ID)
	tt.mem.Set(key, garbage)
	s, w, page := tt.open(t)
	if s.Corrupt == "" {
		t.Fatal("no banner for the unreadable record")
	}
	if raw, ok := s.Backup(); !ok || raw != garbage {
		t.Fatalf("backup = %q, %v", raw, ok)
	}
	id := highlightQuote(t, w, "marathon talks")
	page.paint()
	if got := tt.stored(t); !slices.Equal(got, []string{id}) {
		t.Fatalf("stored %v", got)
	}
	if raw, ok := s.Backup(); !ok || raw != garbage {
		t.Errorf("after the save the backup is %q, %v", raw, ok)
	}
}

// TestSaverCorruptRecordFromAnotherTab: another tab leaves an unreadable
// record (a half-written one, say); this tab backs it up before it puts
// what it has in its place.
func TestSaverCorruptRecordFromAnotherTab(t *testing.T) {
	var tt tabs
	s, w, page := tt.open(t)
	id := highlightQuote(t, w, "marathon talks")
	page.paint()
	const garbage = `{"schema":1,"annotations":[{"id":`
	tt.mem.Set(store.Key(seeds.Articles()[0].ID), garbage)
	s.OtherTabSaved(garbage)
	if raw, ok := s.Backup(); !ok || raw != garbage {
		t.Fatalf("backup = %q, %v", raw, ok)
	}
	if s.Corrupt == "" {
		t.Error("no banner for the unreadable record")
	}
	if got := tt.stored(t); !slices.Equal(got, []string{id}) {
		t.Fatalf("stored %v, want this tab's annotation back", got)
	}
}

// TestSaverSavesAfterImportingDatesAtTheEdges: an annotation imported
// with a time that is year −1 in UTC, or the last millisecond of 9999,
// is kept within the years records can write, so that it and every later
// change save: an edit, a deletion, an undo, a reload.
func TestSaverSavesAfterImportingDatesAtTheEdges(t *testing.T) {
	var tt tabs
	s, w, page := tt.open(t)
	seed := seeds.Articles()[0]
	ann := func(id, quote, when string) string {
		return `{"id": "urn:uuid:` + id + `", "type": "Annotation", "created": "` + when + `", "modified": "` + when + `",
			"body": {"type": "TextualBody", "value": "edge", "purpose": "commenting"},
			"target": {"source": "` + seed.IRI() + `", "selector": {"type": "TextQuoteSelector", "exact": "` + quote + `"}}}`
	}
	data := `[` + ann("7d1f6c52-0000-4000-8000-0000000000e1", "marathon talks", "0000-01-01T00:00:00+00:01") + `,` +
		ann("7d1f6c52-0000-4000-8000-0000000000e2", "Ben-Gurion airport", "9999-12-31T23:59:59.999Z") + `]`
	if _, err := w.ImportJSON([]byte(data), func(s string) string { return s }); err != nil {
		t.Fatal(err)
	}
	saved := func(step string) {
		t.Helper()
		page.paint()
		if s.failed || s.Err != "" || s.QuotaFull {
			t.Fatalf("%s: the save failed: %s", step, s.Err)
		}
	}
	saved("import")
	for _, id := range []string{"7d1f6c52-0000-4000-8000-0000000000e1", "7d1f6c52-0000-4000-8000-0000000000e2"} {
		if err := w.SetNote(id, "edited"); err != nil {
			t.Fatal(err)
		}
		saved("edit")
		w.SetNote(id, "edited again")
		saved("a second edit")
		w.Remove(id)
		saved("delete")
		w.Undo()
		saved("undo")
	}
	if got := tt.stored(t); len(got) != 2 {
		t.Errorf("after a reload, %d annotations", len(got))
	}
}

// TestSaverNewerRecordIsNeverWritten: a record a newer version wrote is
// not backed up as corrupt, not removed, not written over; the banner
// says to reload, and the changes stay in the tab.
func TestSaverNewerRecordIsNeverWritten(t *testing.T) {
	var tt tabs
	const newer = `{"schema":99,"article":"05809a90a204350d","annotations":[]}`
	key := store.Key(seeds.Articles()[0].ID)
	tt.mem.Set(key, newer)
	s, w, page := tt.open(t)
	if !strings.Contains(s.Blocked, "newer version") || s.Corrupt != "" {
		t.Fatalf("blocked %q, corrupt %q", s.Blocked, s.Corrupt)
	}
	id := highlightQuote(t, w, "marathon talks")
	page.paint()
	page.advance(time.Minute)
	if raw, _, _ := tt.mem.Get(key); raw != newer {
		t.Errorf("the newer record became %.60q", raw)
	}
	if keys, _ := tt.mem.Keys(); len(keys) != 1 {
		t.Errorf("keys %v", keys)
	}
	if _, ok := w.Get(id); !ok {
		t.Error("the change was lost in the tab")
	}
	// Another tab (the newer app) saves it again: still untouched here.
	s.OtherTabSaved(newer)
	if !strings.Contains(s.Blocked, "newer version") {
		t.Errorf("after another tab's save: blocked %q", s.Blocked)
	}
}

// TestSaverUnreadableRecordWithoutRoomForACopy: a record that cannot be
// read, and of which no copy can be made, blocks saving (the banner
// offers it for download) instead of being written over; once there is
// room the copy is made and the tab's changes are saved.
func TestSaverUnreadableRecordWithoutRoomForACopy(t *testing.T) {
	var tt tabs
	const garbage = `{"schema":1,"article":"05809a90a204350d","annotations":[{"id":`
	key := store.Key(seeds.Articles()[0].ID)
	tt.mem.Set(key, garbage)
	tt.mem.Limit = len(garbage) + 10
	s, w, page := tt.open(t)
	if s.Blocked == "" {
		t.Fatal("no banner")
	}
	if raw, ok := s.Unread(); !ok || raw != garbage {
		t.Errorf("download offers %q", raw)
	}
	id := highlightQuote(t, w, "marathon talks")
	page.paint()
	if raw, _, _ := tt.mem.Get(key); raw != garbage {
		t.Fatalf("the unreadable record was written over: %.60q", raw)
	}
	tt.mem.Limit = 0 // room made
	page.advance(retryAfter[0])
	if got := tt.stored(t); !slices.Equal(got, []string{id}) || s.Blocked != "" || s.Corrupt == "" {
		t.Fatalf("after room was made: stored %v, blocked %q, corrupt %q", got, s.Blocked, s.Corrupt)
	}
	if raw, ok := s.Backup(); !ok || raw != garbage {
		t.Errorf("the copy is %q", raw)
	}
}

// lateDisk is a Backend whose writes end after Set returns, as
// IndexedDB's do: a Set goes to memory at once (what the tab reads), and
// to the disk when the test ends the writes under way.
type lateDisk struct {
	store.Memory
	disk    store.Memory
	dirty   map[string]bool
	failure string
	quota   bool
}

func (d *lateDisk) Set(key, value string) error {
	d.Memory.Set(key, value)
	d.dirty[key] = true
	return nil
}

func (d *lateDisk) Failing() (string, bool) { return d.failure, d.quota }

// end ends the writes under way: they fail for want of space, or land.
// It returns what store.js tells the app then.
func (d *lateDisk) end(full bool) (failure string, quota bool) {
	if full {
		d.failure, d.quota = "QuotaExceededError", true
		return d.failure, d.quota
	}
	for k := range d.dirty {
		v, _, _ := d.Memory.Get(k)
		d.disk.Set(k, v)
	}
	clear(d.dirty)
	d.failure, d.quota = "", false
	return "", false
}

// TestSaverHearsLateWrites: with IndexedDB a save returns before its
// write ends. A write that then fails shows the banner and is retried;
// a change made meanwhile does not clear the banner (its write goes with
// the failed one); the first write that lands clears it, with every
// change on the disk.
func TestSaverHearsLateWrites(t *testing.T) {
	disk := &lateDisk{dirty: map[string]bool{}}
	page := &fakePage{}
	s := NewSaver(page, disk)
	w := NewWorkspace(seeds.Articles()[0])
	s.Open(w)
	a := highlightQuote(t, w, "marathon talks")
	page.paint()
	if s.failed {
		t.Fatal("failed before the write ended")
	}
	if !s.Written(disk.end(true)) || !s.QuotaFull || !s.failed || len(page.timers) != 1 {
		t.Fatalf("after the write failed: quotaFull %v, failed %v, %d retries", s.QuotaFull, s.failed, len(page.timers))
	}
	b := highlightQuote(t, w, "Ben-Gurion airport")
	page.paint()
	if !s.QuotaFull || !s.failed {
		t.Fatalf("a change while writes fail cleared the banner: quotaFull %v, failed %v", s.QuotaFull, s.failed)
	}
	if !s.Written(disk.end(false)) || s.QuotaFull || s.failed {
		t.Fatalf("after a write landed: quotaFull %v, failed %v", s.QuotaFull, s.failed)
	}
	d, err := store.New(&disk.disk).Load(seeds.Articles()[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{a, b}
	slices.Sort(want)
	if got := ids(d.Set); !slices.Equal(got, want) {
		t.Errorf("on disk %v, want %v", got, want)
	}
	shows := page.shows
	page.advance(time.Hour)
	if page.shows != shows || len(disk.dirty) != 0 {
		t.Errorf("the retry after the write landed redrew (%d) or wrote (%d keys)", page.shows-shows, len(disk.dirty))
	}
}
