package store

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"slices"
	"testing"
)

// fixture returns a localStorage library as the app wrote it before
// IndexedDB (testdata/localstorage.json: an added article with its record,
// a seed article's record, their stamps and a backup), read through the
// localStorage Backend, which takes each value's mark off.
func fixture(t *testing.T) *Memory {
	t.Helper()
	b, err := os.ReadFile("testdata/localstorage.json")
	if err != nil {
		t.Fatal(err)
	}
	var items map[string]string
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatal(err)
	}
	m := &Memory{}
	for k, v := range items {
		m.Set(k, Unstored(v))
	}
	m.Set("go-app-state", "{}") // not Marginalia's: stays
	return m
}

func contents(b Backend) map[string]string {
	keys, _ := b.Keys()
	m := map[string]string{}
	for _, k := range keys {
		m[k], _, _ = b.Get(k)
	}
	return m
}

// disk is a Committer: a write lands when Committed is called, unless
// the disk is told to lose it.
type disk struct {
	Memory
	landed Memory
	lose   string // a key whose write never lands
	fail   error  // what Committed returns
}

func (d *disk) Committed() error {
	if d.fail != nil {
		return d.fail
	}
	for k, v := range contents(&d.Memory) {
		if k != d.lose {
			d.landed.Set(k, v)
		}
	}
	return nil
}

func (d *disk) Stored(key string) (string, bool, error) { return d.landed.Get(key) }

func TestMigrateMovesEverything(t *testing.T) {
	from := fixture(t)
	want := contents(from)
	delete(want, "go-app-state")
	to := &disk{}
	if err := Migrate(from, to); err != nil {
		t.Fatal(err)
	}
	if got := contents(&to.landed); !maps.Equal(got, want) {
		t.Errorf("moved %v\nwant %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	if left := contents(from); len(left) != 1 || left["go-app-state"] != "{}" {
		t.Errorf("left behind %v", slices.Sorted(maps.Keys(left)))
	}
	// What was moved reads as it did.
	d, err := New(to).Load("1dc83c84f30a10ae")
	if err != nil || d.Set.Len() != 1 || d.Notebook != "notebook of m-1" {
		t.Errorf("the added article's record after the move: %d annotations, %q, %v", d.Set.Len(), d.Notebook, err)
	}
	// Again: nothing to do.
	if err := Migrate(from, to); err != nil {
		t.Error(err)
	}
}

// TestMigrateCutShort: whatever the point where a migration stops (a
// write refused, the disk losing one, the commit failing), every key is
// still in localStorage or on the disk with its value, and the next
// migration finishes the move.
func TestMigrateCutShort(t *testing.T) {
	want := contents(fixture(t))
	delete(want, "go-app-state")
	cases := []struct {
		name string
		cut  func(to *disk)
	}{
		{"disk full after two writes", func(to *disk) { to.Limit = 400 }},
		{"a write lost", func(to *disk) { to.lose = "marginalia:article:05809a90a204350d" }},
		{"commit failed", func(to *disk) { to.fail = errors.New("the tab closed") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			from, to := fixture(t), &disk{}
			c.cut(to)
			if err := Migrate(from, to); err == nil {
				t.Fatal("no error from a migration cut short")
			}
			left, landed := contents(from), contents(&to.landed)
			for k, v := range want {
				if left[k] != v && landed[k] != v {
					t.Errorf("%s is in neither place", k)
				}
			}
			to.Limit, to.lose, to.fail = 0, "", nil
			if err := Migrate(from, to); err != nil {
				t.Fatal(err)
			}
			if got := contents(&to.landed); !maps.Equal(got, want) {
				t.Errorf("after resuming, moved %v", slices.Sorted(maps.Keys(got)))
			}
		})
	}
}

// TestMigrateMergesARecordSavedInBoth: an older version of the app, open
// in another tab, saved to localStorage after the move: its annotations
// join those saved since in the new place.
func TestMigrateMergesARecordSavedInBoth(t *testing.T) {
	from, to := &Memory{}, &Memory{}
	if _, err := New(from).Save(art, data(hl("old-tab", "", 1))); err != nil {
		t.Fatal(err)
	}
	if _, err := New(to).Save(art, data(hl("new-tab", "", 2))); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(from, to); err != nil {
		t.Fatal(err)
	}
	d, err := New(to).Load(art)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Set.Get("old-tab"); !ok {
		t.Error("the old tab's annotation was lost")
	}
	if _, ok := d.Set.Get("new-tab"); !ok {
		t.Error("the new place's annotation was lost")
	}
}
