package backup

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/app/webanno"
	"marginalia/app/webanno/conformance"
	"marginalia/seeds"
)

var now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// annotate keeps, for the article, a highlight with a note on quote, a
// mention of an entity, a notebook and a label of its own.
func annotate(t *testing.T, b store.Backend, a article.Article, quote, note string, at time.Time) {
	t.Helper()
	text := anchor.NewText(a.Text)
	start := len([]rune(a.Text[:strings.Index(a.Text, quote)]))
	tg, err := text.Describe(start, start+len([]rune(quote)))
	if err != nil {
		t.Fatal(err)
	}
	tg.Source = a.IRI()
	ent := annotation.Entity{ID: "ent-" + a.ID, Name: quote, Label: "Vessel", Modified: at}
	anns := []annotation.Annotation{
		{ID: "hl-" + a.ID, Kind: annotation.Highlight, Color: annotation.Green, Note: note, Tags: []string{"to check"}, Created: at, Modified: at, Target: tg},
		{ID: "m-" + a.ID, Kind: annotation.Mention, Label: "Vessel", EntityID: ent.ID, Created: at, Modified: at, Target: tg},
	}
	set, err := annotation.Load(anns, []annotation.Entity{ent})
	if err != nil {
		t.Fatal(err)
	}
	labels := append(append([]string{}, annotation.DefaultLabels...), "Vessel")
	if _, err := store.New(b).Save(a.ID, store.Data{Set: set, Labels: labels, Notebook: "Notebook of “" + a.Title + "” 😀"}); err != nil {
		t.Fatal(err)
	}
}

// library returns a library with an added article and a seed, both
// annotated.
func aLibrary(t *testing.T) *store.Memory {
	t.Helper()
	mem := &store.Memory{}
	it, err := library.New(mem).Add("Notes from Oslo\nA dek.\nBan Ki-Moon met the delegates in Oslo’s old town hall.", library.Text, now.Add(-time.Hour), func(string) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	annotate(t, mem, it.Article, "Ban Ki-Moon", "the Secretary-General", now.Add(-time.Hour))
	annotate(t, mem, seeds.Articles()[0], "marathon talks", "how long? “days”", now.Add(-time.Hour))
	return mem
}

// exports returns each article's W3C export, by article ID: what the
// reader's Export gives, to compare libraries.
func exports(t *testing.T, b store.Backend) map[string]string {
	t.Helper()
	out := map[string]string{}
	arts := seeds.Articles()
	added, _, _ := library.New(b).List()
	for _, it := range added {
		arts = append(arts, it.Article)
	}
	for _, a := range arts {
		d, err := store.New(b).Load(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		as, es := d.Set.Records()
		c, err := webanno.Encode(webanno.Collection{Label: a.Title, Source: a.IRI(), Created: now, Annotations: as, Entities: es})
		if err != nil {
			t.Fatal(err)
		}
		out[a.ID] = string(c) + fmt.Sprint(d.Labels) + d.Notebook
	}
	return out
}

func contents(b store.Backend) map[string]string {
	keys, _ := b.Keys()
	m := map[string]string{}
	for _, k := range keys {
		m[k], _, _ = b.Get(k)
	}
	return m
}

// TestBackUpDeleteRestore: back up, delete everything, restore: the same
// library (same articles, annotation IDs, notes, entities, labels,
// notebooks, by their exports); restoring again changes nothing.
func TestBackUpDeleteRestore(t *testing.T) {
	mem := aLibrary(t)
	want := exports(t, mem)
	file, err := Make(mem, seeds.Articles(), now)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.New(mem).DeleteAll(); err != nil {
		t.Fatal(err)
	}
	rep, err := Restore(mem, file, seeds.Articles(), now)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ArticlesAdded != 1 || rep.ArticlesUpdated != 1 || rep.Annotations != 4 {
		t.Errorf("report %+v: %s", rep, rep)
	}
	if got := exports(t, mem); !maps.Equal(got, want) {
		t.Errorf("after restoring:\n got %v\nwant %v", got, want)
	}
	before := contents(mem)
	rep, err = Restore(mem, file, seeds.Articles(), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if rep != (Report{}) || !strings.Contains(rep.String(), "nothing new") {
		t.Errorf("restoring twice: %+v %q", rep, rep)
	}
	if !maps.Equal(contents(mem), before) {
		t.Error("restoring twice changed the storage")
	}
}

// TestRestoreNewerWins: restoring into a library that changed since the
// backup keeps what is newer on either side, and the notebook written
// since.
func TestRestoreNewerWins(t *testing.T) {
	mem := aLibrary(t)
	file, err := Make(mem, seeds.Articles(), now)
	if err != nil {
		t.Fatal(err)
	}
	seed := seeds.Articles()[0]
	annotate(t, mem, seed, "marathon talks", "edited after the backup", now.Add(time.Hour))
	st := store.New(mem)
	d, _ := st.Load(seed.ID)
	d.Notebook = "written since"
	if _, err := st.Save(seed.ID, d); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(mem, file, seeds.Articles(), now); err != nil {
		t.Fatal(err)
	}
	d, _ = st.Load(seed.ID)
	if a, _ := d.Set.Get("hl-" + seed.ID); a.Note != "edited after the backup" {
		t.Errorf("the newer note lost to the backup's: %q", a.Note)
	}
	if want := "written since\n\nNotebook of “" + seed.Title + "” 😀"; d.Notebook != want {
		t.Errorf("notebook %q, want %q", d.Notebook, want)
	}
}

// TestRestoreBadFiles: a file that cannot be used changes nothing and
// says why.
func TestRestoreBadFiles(t *testing.T) {
	good, err := Make(aLibrary(t), seeds.Articles(), now)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(fn func(f *File)) string {
		var f File
		if err := json.Unmarshal(good, &f); err != nil {
			t.Fatal(err)
		}
		fn(&f)
		b, _ := json.Marshal(f)
		return string(b)
	}
	collection, _ := webanno.Encode(webanno.Collection{Source: "urn:x"})
	tests := []struct {
		name, file, want string
	}{
		{"not JSON", "hello", "not a Marginalia backup"},
		{"an export, not a backup", string(collection), "not a Marginalia backup"},
		{"cut short", string(good[:len(good)/2]), "damaged"},
		{"a newer version", edit(func(f *File) { f.Version = 2 }), "newer version"},
		{"a text changed", edit(func(f *File) { f.Articles[0].Added.Source += " More." }), "not the one its annotations were made on"},
		{"an unknown seed", edit(func(f *File) { f.Articles[1].ID = "0000000000000000" }), "neither in the backup"},
		{"broken annotations", edit(func(f *File) { f.Articles[1].Annotations = json.RawMessage(`{"type": 3}`) }), "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := &store.Memory{}
			mem.Set("marginalia:doc:x", "kept")
			_, err := Restore(mem, []byte(tt.file), seeds.Articles(), now)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
			if c := contents(mem); len(c) != 1 {
				t.Errorf("a bad file wrote %v", c)
			}
		})
	}
	if _, err := Restore(&store.Memory{}, []byte("hello"), nil, now); !errors.Is(err, ErrNotBackup) {
		t.Errorf("not JSON: %v", err)
	}
}

// TestBackupIsW3C: each article's annotations in a backup pass the W3C
// Web Annotation MUST suite.
func TestBackupIsW3C(t *testing.T) {
	file, err := Make(aLibrary(t), seeds.Articles(), now)
	if err != nil {
		t.Fatal(err)
	}
	var f File
	if err := json.Unmarshal(file, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Articles) != 2 {
		t.Fatalf("%d articles in the backup, want 2", len(f.Articles))
	}
	for _, a := range f.Articles {
		p := filepath.Join(t.TempDir(), a.ID+".json")
		if err := os.WriteFile(p, a.Annotations, 0o644); err != nil {
			t.Fatal(err)
		}
		// 1 collection, 1 page, 2 annotations.
		if out := conformance.Check(t, p); !strings.Contains(out, "4 passed, 0 failed") {
			t.Errorf("%s: w3ccheck %s", a.Title, out)
		}
	}
}

func TestName(t *testing.T) {
	if got := Name(now); got != "marginalia-backup-2026-11-30.json" {
		t.Errorf("Name = %q", got)
	}
}

// TestBackUpAnUnreadableRecord: a record that cannot be read fails the
// backup, naming its article, and stays as it was (the reader backs it up
// when it opens the article, and offers the copy).
func TestBackUpAnUnreadableRecord(t *testing.T) {
	mem := aLibrary(t)
	seed := seeds.Articles()[0]
	mem.Set(store.Key(seed.ID), `{"schema":1,"annotations":[{"broken"`)
	before := contents(mem)
	_, err := Make(mem, seeds.Articles(), now)
	if err == nil || !strings.Contains(err.Error(), seed.Title) {
		t.Errorf("error %v, want one naming “%s”", err, seed.Title)
	}
	if !maps.Equal(contents(mem), before) {
		t.Error("making the backup changed the storage")
	}
}
