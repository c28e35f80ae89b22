package store

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/app/annotation"
)

const art = "05809a90a204350d"

func hl(id, note string, min int) annotation.Annotation {
	t := time.Date(2026, 11, 25, 10, min, 0, 0, time.UTC)
	return annotation.Annotation{
		ID: id, Kind: annotation.Highlight, Color: annotation.Yellow, Note: note,
		Created: t, Modified: t,
		Target: annotation.Target{Quote: annotation.TextQuote{Exact: "Kerry’s 😀"}, Position: annotation.TextPosition{Start: 1, End: 9}},
	}
}

func data(anns ...annotation.Annotation) Data {
	s, err := annotation.Load(anns, []annotation.Entity{{ID: "e1", Name: "John Kerry", Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}})
	if err != nil {
		panic(err)
	}
	return Data{Set: s, Labels: []string{"Person", "Vessel"}, Notebook: "Notes on the whole piece.\nSecond line."}
}

func records(d Data) ([]annotation.Annotation, []annotation.Entity) { return d.Set.Records() }

func TestRoundTrip(t *testing.T) {
	st := New(&Memory{})
	tomb := hl("gone", "", 3)
	tomb.Deleted = true
	want := data(hl("a", "first\nnote", 1), hl("b", "", 2), tomb)
	if _, err := st.Save(art, want); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load(art)
	if err != nil {
		t.Fatal(err)
	}
	wa, we := records(want)
	ga, ge := records(got)
	if !reflect.DeepEqual(ga, wa) || !reflect.DeepEqual(ge, we) {
		t.Errorf("round trip:\n got %+v %+v\nwant %+v %+v", ga, ge, wa, we)
	}
	if !reflect.DeepEqual(got.Labels, want.Labels) || got.Notebook != want.Notebook {
		t.Errorf("labels %v, notebook %q", got.Labels, got.Notebook)
	}
	if n := st.Count(art); n != 2 {
		t.Errorf("Count = %d, want 2 (the tombstone is not counted)", n)
	}
}

func TestLoadMissing(t *testing.T) {
	d, err := New(&Memory{}).Load(art)
	if err != nil || d.Set.Len() != 0 || !reflect.DeepEqual(d.Labels, annotation.DefaultLabels) {
		t.Errorf("Load of nothing = %+v, %v", d, err)
	}
}

func TestMigrationFromSchema0(t *testing.T) {
	raw, err := os.ReadFile("testdata/schema0.json")
	if err != nil {
		t.Fatal(err)
	}
	m := &Memory{}
	m.Set(Key(art), string(raw))
	st := New(m)
	d, err := st.Load(art)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := d.Set.Get("0b8e9a52-6f0e-4c1b-9d3a-2f1e0c9b8a7d")
	if !ok || a.Note != "kept since schema 0" || a.Color != annotation.Green {
		t.Errorf("annotation after migration: %+v", a)
	}
	if !reflect.DeepEqual(d.Labels, []string{"Person", "Place"}) || d.Notebook != "Old notebook." {
		t.Errorf("labels %v, notebook %q", d.Labels, d.Notebook)
	}
	// Saving writes the current schema.
	st.Save(art, d)
	saved, _, _ := m.Get(Key(art))
	if !strings.Contains(saved, `"schema":1`) || strings.Contains(saved, "entityLabels") {
		t.Errorf("saved record %s", saved)
	}
}

func TestCorruptRecords(t *testing.T) {
	tests := []struct {
		scenario string
		raw      string
		reason   string
	}{
		{"not JSON", `{"schema":1,"article":"05809a90a204350d","annotations":[`, "not JSON"},
		{"wrong shape", `{"schema":1,"article":"05809a90a204350d","annotations":{"a":1}}`, "wrong shape"},
		{"invalid annotation", `{"schema":1,"article":"05809a90a204350d","annotations":[{"id":"x","kind":"scribble"}]}`, "unknown kind"},
		{"another article", `{"schema":1,"article":"ffffffffffffffff","annotations":[]}`, "for article"},
		{"bad schema", `{"schema":"one"}`, "bad schema"},
		{"binary", "\x00\xff\xfe", "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			m := &Memory{}
			m.Set(Key(art), tt.raw)
			clock := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
			st := New(m)
			st.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
			d, err := st.Load(art)
			var ce *CorruptError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("Load error = %v, want a CorruptError about %q", err, tt.reason)
			}
			if d.Set == nil || d.Set.Len() != 0 {
				t.Error("corrupt data did not start clean")
			}
			if backup, _, _ := m.Get(ce.BackupKey); backup != tt.raw {
				t.Errorf("backup %q, want the raw record", backup)
			}
			// The app goes on: a save writes a fresh record and keeps the backup.
			d.Set.Add(hl("new", "", 5))
			if _, err := st.Save(art, d); err != nil {
				t.Fatal(err)
			}
			if _, raw, ok := st.Backup(art); !ok || raw != tt.raw {
				t.Errorf("backup after a save: %q, %v", raw, ok)
			}
			if again, err := st.Load(art); err != nil || again.Set.Len() != 1 {
				t.Errorf("reload after the fresh save: %v", err)
			}
			// A second corruption gets its own backup.
			m.Set(Key(art), "garbage")
			st.Load(art)
			keys, _ := m.Keys()
			n := 0
			for _, k := range keys {
				if strings.HasPrefix(k, backupPrefix(art)) {
					n++
				}
			}
			if n != 2 {
				t.Errorf("%d backups, want 2: %v", n, keys)
			}
		})
	}
}

func TestQuota(t *testing.T) {
	m := &Memory{Limit: 2000}
	st := New(m)
	d := data(hl("a", "", 1))
	if _, err := st.Save(art, d); err != nil {
		t.Fatal(err)
	}
	before, _, _ := m.Get(Key(art))
	d.Set.Add(hl("b", strings.Repeat("a long note ", 200), 2))
	if _, err := st.Save(art, d); !errors.Is(err, ErrQuota) {
		t.Fatalf("Save over the quota: %v, want ErrQuota", err)
	}
	if after, _, _ := m.Get(Key(art)); after != before {
		t.Error("a failed save changed the stored record")
	}
	if d.Set.Len() != 2 {
		t.Error("a failed save lost the change in memory")
	}
	// Once there is room again, the next save stores everything.
	m.Limit = 0
	if _, err := st.Save(art, d); err != nil {
		t.Fatal(err)
	}
	if n := st.Count(art); n != 2 {
		t.Errorf("after the retry: %d stored, want 2", n)
	}
}

func TestTwoTabsMerge(t *testing.T) {
	m := &Memory{}
	tab1, tab2 := New(m), New(m)
	d1, _ := tab1.Load(art)
	d2, _ := tab2.Load(art)
	d1.Set.Add(hl("from-tab-1", "", 1))
	if merged, err := tab1.Save(art, d1); err != nil || merged {
		t.Fatalf("first save: merged %v, %v", merged, err)
	}
	d2.Set.Add(hl("from-tab-2", "", 2))
	merged, err := tab2.Save(art, d2)
	if err != nil || !merged || d2.Set.Len() != 2 {
		t.Fatalf("second tab's save: merged %v, %d annotations, %v", merged, d2.Set.Len(), err)
	}
	// Tab 1 deletes its annotation; tab 2, unaware, edits the other.
	d1.Set.Merge(mustLoad(t, tab1).Set)
	d1.Set.Delete("from-tab-1")
	tab1.Save(art, d1)
	a, _ := d2.Set.Get("from-tab-2")
	a.Note = "edited in tab 2"
	d2.Set.Update(a)
	tab2.Save(art, d2)
	final := mustLoad(t, tab1)
	if _, ok := final.Set.Get("from-tab-1"); ok {
		t.Error("the deletion in tab 1 was lost")
	}
	if a, ok := final.Set.Get("from-tab-2"); !ok || a.Note != "edited in tab 2" {
		t.Errorf("the edit in tab 2 was lost: %+v", a)
	}
}

func mustLoad(t *testing.T, st *Store) Data {
	t.Helper()
	d, err := st.Load(art)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDelete(t *testing.T) {
	m := &Memory{}
	st := New(m)
	st.Save(art, data(hl("a", "", 1)))
	st.Save("other", Data{Set: &annotation.Set{}})
	m.Set(backupPrefix(art)+"x", "old")
	m.Set(RejectedKey(art), "[]")
	m.Set("not-ours", "keep")
	if err := st.Delete(art); err != nil {
		t.Fatal(err)
	}
	keys, _ := m.Keys()
	if !reflect.DeepEqual(keys, []string{Key("other"), StampKey("other"), "not-ours"}) {
		t.Errorf("after Delete: %v", keys)
	}
	if err := st.DeleteAll(); err != nil {
		t.Fatal(err)
	}
	keys, _ = m.Keys()
	if !reflect.DeepEqual(keys, []string{"not-ours"}) {
		t.Errorf("after DeleteAll: %v", keys)
	}
}

// countingBackend counts the reads of each key.
type countingBackend struct {
	*Memory
	gets map[string]int
}

func (c *countingBackend) Get(key string) (string, bool, error) {
	c.gets[key]++
	return c.Memory.Get(key)
}

// TestSaveReadsTheRecordOnlyWhenAnotherTabSaved: the stamp tells a save
// whether to read the stored record; a record whose stamp was written but
// not the record itself (a tab closed in between) is still merged.
func TestSaveReadsTheRecordOnlyWhenAnotherTabSaved(t *testing.T) {
	mem := &countingBackend{Memory: &Memory{}, gets: map[string]int{}}
	tabA, tabB := New(mem), New(mem)
	a, err := tabA.Load(art)
	if err != nil {
		t.Fatal(err)
	}
	b, err := tabB.Load(art)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Set.Add(hl("a1", "", 1)); err != nil {
		t.Fatal(err)
	}
	tabA.Save(art, a) // nothing stored yet: reads, finds nothing
	reads := mem.gets[Key(art)]
	if err := a.Set.Add(hl("a2", "", 2)); err != nil {
		t.Fatal(err)
	}
	tabA.Save(art, a)
	if mem.gets[Key(art)] != reads {
		t.Error("a save read the record though no other tab had saved")
	}

	// Tab B saves without having seen A's saves: it reads and merges them.
	if err := b.Set.Add(hl("b1", "", 3)); err != nil {
		t.Fatal(err)
	}
	if merged, err := tabB.Save(art, b); err != nil || !merged {
		t.Fatalf("tab B's save merged nothing: %v", err)
	}
	// Now A reads and merges B's save.
	if merged, err := tabA.Save(art, a); err != nil || !merged || a.Set.Len() != 3 {
		t.Fatalf("tab A's save after B's: merged %v, %d annotations, %v", merged, a.Set.Len(), err)
	}

	// A record written with a new stamp by a tab that then closed before
	// writing its record: the next save reads what is there.
	mem.Memory.Set(StampKey(art), "another tab's stamp")
	reads = mem.gets[Key(art)]
	if _, err := tabA.Save(art, a); err != nil {
		t.Fatal(err)
	}
	if mem.gets[Key(art)] == reads {
		t.Error("a changed stamp did not make the save read the record")
	}
	if got := mustLoad(t, New(mem.Memory)).Set.Len(); got != 3 {
		t.Errorf("%d annotations stored, want 3", got)
	}
}

// TestNewerRecordIsLeftAlone: a record of a newer schema is neither read
// as corrupt (backed up, removed) nor written over.
func TestNewerRecordIsLeftAlone(t *testing.T) {
	const art = "05809a90a204350d"
	const newer = `{"schema":99,"article":"05809a90a204350d","whatever":"comes next"}`
	m := &Memory{}
	m.Set(Key(art), newer)
	st := New(m)
	d, err := st.Load(art)
	if !errors.Is(err, ErrNewer) {
		t.Fatalf("Load: %v, want ErrNewer", err)
	}
	d.Set.Add(hl("new", "", 5))
	if _, err := st.Save(art, d); !errors.Is(err, ErrNewer) {
		t.Errorf("Save: %v, want ErrNewer", err)
	}
	if raw, _, _ := m.Get(Key(art)); raw != newer {
		t.Errorf("the newer record became %q", raw)
	}
	if keys, _ := m.Keys(); len(keys) != 1 {
		t.Errorf("keys %v, want the record alone", keys)
	}
}

// TestSaveBacksUpWhatItCannotRead: a record another tab left unreadable
// (half written, say) is copied before a save writes over it; if no copy
// can be made, nothing is written.
func TestSaveBacksUpWhatItCannotRead(t *testing.T) {
	const art = "05809a90a204350d"
	const garbage = `{"schema":1,"article":"05809a90a204350d","annotations":[{"id":`
	for _, room := range []bool{true, false} {
		m := &Memory{}
		st := New(m)
		d, _ := st.Load(art)
		d.Set.Add(hl("mine", "", 5))
		if _, err := st.Save(art, d); err != nil {
			t.Fatal(err)
		}
		m.Set(Key(art), garbage)
		m.Set(StampKey(art), "another tab's")
		if !room {
			m.Limit = len(garbage) + 40 // the record and its stamp fit; no copy does
		}
		d.Set.Add(hl("mine too", "", 7))
		_, err := st.Save(art, d)
		raw, _, _ := m.Get(Key(art))
		if room {
			if err != nil || st.BackedUp == "" || raw == garbage {
				t.Fatalf("with room: %v, backed up as %q, record %.40q", err, st.BackedUp, raw)
			}
			if copy, _, _ := m.Get(st.BackedUp); copy != garbage {
				t.Errorf("the copy is %q", copy)
			}
			continue
		}
		var ue *UnsavedError
		if !errors.As(err, &ue) || raw != garbage {
			t.Errorf("without room: %v; the record is %.40q", err, raw)
		}
	}
}

// TestMergeNotebook: two tabs' notebooks, each changed or not since
// this tab last read the other's or wrote its own: the changed one wins;
// two changes keep both texts, the same way in both tabs.
func TestMergeNotebook(t *testing.T) {
	tests := []struct {
		name                         string
		local, read, written, stored string
		want                         string
	}{
		{"nothing changed", "x", "x", "x", "x", "x"},
		{"only here", "x here", "x", "x here", "x", "x here"},
		{"only here, not written yet", "x here", "x", "", "x", "x here"},
		{"only there", "x", "x", "x", "x there", "x there"},
		{"there, what this tab wrote", "x here", "", "x", "x", "x here"},
		{"emptied there", "x", "x", "x", "", ""},
		{"emptied here", "", "x", "x", "x", ""},
		{"the same change in both", "y", "x", "", "y", "y"},
		{"there holds here", "x a", "x", "x a", "x a\n\nx b", "x a\n\nx b"},
		{"here holds there", "x a\n\nx b", "x", "", "x b", "x a\n\nx b"},
		{"emptied here, changed there", "", "x", "", "x there", "x there"},
		{"changed here, emptied there", "x here", "x", "", "", "x here"},
		{"both written at once", "B’s 😀 notes", "", "B’s 😀 notes", "A’s “notes”", "A’s “notes”\n\nB’s 😀 notes"},
	}
	for _, tt := range tests {
		if got := MergeNotebook(tt.local, tt.read, tt.written, tt.stored); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	// Both tabs merging the same two changes end with the same text.
	if a, b := MergeNotebook("A", "", "A", "B"), MergeNotebook("B", "", "B", "A"); a != b {
		t.Errorf("the tabs disagree: %q and %q", a, b)
	}
}

func TestMergeLabels(t *testing.T) {
	local := []string{"Person", "Place"}
	got := MergeLabels(local, []string{"Place", "Diplomat", "Person", "Ship"})
	if want := []string{"Person", "Place", "Diplomat", "Ship"}; !slices.Equal(got, want) {
		t.Errorf("merged %v, want %v", got, want)
	}
	if !slices.Equal(local, []string{"Person", "Place"}) {
		t.Errorf("the tab's own labels changed: %v", local)
	}
	if got := MergeLabels(local, []string{"Place"}); !slices.Equal(got, local) {
		t.Errorf("nothing new: %v", got)
	}
}
