package annobackup

import (
	"context"
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
	"marginalia/app/backup"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/app/webanno"
	"marginalia/app/webanno/conformance"
	"marginalia/cmd/internal/annostore"
	"marginalia/cmd/internal/annostore/storetest"
	"marginalia/seeds"
)

var now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// annotate keeps, for the article, a highlight with a note on quote, a
// mention of an entity named as the quote, a notebook and a label of its
// own.
func annotate(t *testing.T, b store.Backend, a article.Article, quote, note string, at time.Time) {
	t.Helper()
	text := anchor.NewText(a.Text)
	start := len([]rune(a.Text[:strings.Index(a.Text, quote)]))
	tg, err := text.Describe(start, start+len([]rune(quote)))
	if err != nil {
		t.Fatal(err)
	}
	tg.Source = a.IRI()
	ent := annotation.Entity{ID: annotation.NameID("ent-" + a.ID), Name: quote, Label: "Vessel", Modified: at}
	anns := []annotation.Annotation{
		{ID: "hl-" + a.ID, Kind: annotation.Highlight, Color: annotation.Green, Note: note, Tags: []string{"to check", "<&>"}, Created: at, Modified: at, Target: tg},
		{ID: annotation.NameID("m-" + a.ID), Kind: annotation.Mention, Label: "Vessel", EntityID: ent.ID, Created: at, Modified: at, Target: tg},
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

// aLibrary is a browser's library: an added article and a seed, both
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

// aBackup is aLibrary's backup, as the browser makes it.
func aBackup(t *testing.T) []byte {
	t.Helper()
	file, err := backup.Make(aLibrary(t), seeds.Articles(), now)
	if err != nil {
		t.Fatal(err)
	}
	return file
}

// library is what a browser keeps of each article, by article ID: its
// export, labels and notebook.
func libraryOf(t *testing.T, b store.Backend) map[string]string {
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

// restored is the library a browser has after restoring file.
func restored(t *testing.T, file []byte) map[string]string {
	t.Helper()
	mem := &store.Memory{}
	if _, err := backup.Restore(mem, file, seeds.Articles(), now); err != nil {
		t.Fatalf("the browser's restore refused the export: %v", err)
	}
	return libraryOf(t, mem)
}

// openStore opens an empty store with the users alice and bob, alice's
// container holding nothing.
func openStore(t *testing.T, url string) annostore.Store {
	t.Helper()
	ctx := context.Background()
	st, err := annostore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, u := range []string{"alice", "bob"} {
		if err := st.AddUser(ctx, u, []byte("hash")); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// cursor is a container's cursor: it moves at each change.
func cursor(t *testing.T, st annostore.Store, container string) int64 {
	t.Helper()
	c, err := st.Container(context.Background(), container)
	if err != nil {
		t.Fatal(err)
	}
	return c.Cursor
}

// TestImportExportRoundTrip: a browser's backup imported into a container
// and exported again restores, in a new browser, the same library (same
// articles, annotation IDs, notes, tags, entities, labels, notebooks);
// importing it again changes nothing; an export imported into another
// container exports the same file.
func TestImportExportRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := openStore(t, url)
		file := aBackup(t)
		want := restored(t, file)

		rep, err := Import(ctx, st, "alice", "alice", file)
		if err != nil {
			t.Fatal(err)
		}
		if want := (Report{ArticlesAdded: 2, Added: 4}); rep != want {
			t.Errorf("import: %+v, want %+v", rep, want)
		}
		before := cursor(t, st, "alice")
		rep, err = Import(ctx, st, "alice", "alice", file)
		if err != nil {
			t.Fatal(err)
		}
		if want := (Report{Unchanged: 4}); rep != want {
			t.Errorf("importing again: %+v, want %+v", rep, want)
		}
		if after := cursor(t, st, "alice"); after != before {
			t.Errorf("importing again moved the cursor %d → %d", before, after)
		}

		out, sum, err := ExportSummary(ctx, st, "alice", now)
		if err != nil {
			t.Fatal(err)
		}
		if want := (Summary{Articles: 2, Annotations: 4}); sum != want {
			t.Errorf("export: %+v, want %+v", sum, want)
		}
		if got := restored(t, out); !maps.Equal(got, want) {
			t.Errorf("the export restores\n%v\nwant\n%v", got, want)
		}

		if _, err := Import(ctx, st, "bob", "bob", out); err != nil {
			t.Fatal(err)
		}
		again, err := Export(ctx, st, "bob", now)
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(out) {
			t.Errorf("an export imported elsewhere exports\n%s\nwant\n%s", again, out)
		}
		if empty, err := Export(ctx, st, "alice", now); err != nil || len(empty) == 0 {
			t.Errorf("export: %v", err)
		}
	})
}

// TestImportDocuments: each annotation is a document of its own, its ID
// the last segment of its IRI, that IRI in via, the article's IRI its
// target, the importer its creator; each article a record.
func TestImportDocuments(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := openStore(t, url)
		if _, err := Import(ctx, st, "alice", "bob", aBackup(t)); err != nil {
			t.Fatal(err)
		}
		seed := seeds.Articles()[0]
		docs, total, err := st.List(ctx, "alice", annostore.Annotation, seed.IRI(), 0, 10)
		if err != nil || total != 2 {
			t.Fatalf("%d annotations of the seed (%v), want 2", total, err)
		}
		ids := map[string]bool{}
		for _, d := range docs {
			ids[d.ID] = true
			var a struct {
				ID, Via, Type string
				Target        struct{ Source string }
			}
			if err := json.Unmarshal(d.Body, &a); err != nil {
				t.Fatal(err)
			}
			if a.Via != annotation.IRI(a.Via[strings.LastIndexByte(a.Via, ':')+1:]) || DocID(a.Via) != d.ID {
				t.Errorf("document %s: via %q", d.ID, a.Via)
			}
			if a.Type != "Annotation" || a.Target.Source != seed.IRI() || d.Target != seed.IRI() || d.Creator != "bob" {
				t.Errorf("document %s: %+v, target %q, creator %q", d.ID, a, d.Target, d.Creator)
			}
		}
		if m := annotation.NameID("m-" + seed.ID); !ids["hl-"+seed.ID] || !ids[m] {
			t.Errorf("annotation documents %v, want hl-%s and %s", ids, seed.ID, m)
		}
		d, err := st.Get(ctx, "alice", annostore.Article, seed.ID)
		if err != nil {
			t.Fatal(err)
		}
		var r map[string]any
		if err := json.Unmarshal(d.Body, &r); err != nil {
			t.Fatal(err)
		}
		if r["id"] != seed.ID || r["title"] != seed.Title || r["iri"] != seed.IRI() || r["added"] != nil ||
			r["notebook"] != "Notebook of “"+seed.Title+"” 😀" || fmt.Sprint(r["labels"]) != fmt.Sprint(append(append([]string{}, annotation.DefaultLabels...), "Vessel")) {
			t.Errorf("the seed's record: %s", d.Body)
		}
		recs, total, err := st.List(ctx, "alice", annostore.Article, "", 0, 10)
		if err != nil || total != 2 {
			t.Fatalf("%d records (%v), want 2", total, err)
		}
		for _, d := range recs {
			r, err := decodeRecord(d)
			if err != nil {
				t.Fatal(err)
			}
			if r.ID != seed.ID && (r.Added == nil || r.Added.Slug == "" || !strings.HasPrefix(r.Added.Source, "Notes from Oslo")) {
				t.Errorf("the added article's record: %s", d.Body)
			}
		}
	})
}

// edited is file with the note of the seed's highlight changed at t.
func edited(t *testing.T, file []byte, note string, at time.Time) []byte {
	t.Helper()
	mem := &store.Memory{}
	if _, err := backup.Restore(mem, file, seeds.Articles(), now); err != nil {
		t.Fatal(err)
	}
	annotate(t, mem, seeds.Articles()[0], "marathon talks", note, at)
	out, err := backup.Make(mem, seeds.Articles(), now)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportNewerWins: an annotation the backup has in a newer version
// replaces the stored one; an older backup changes nothing; a notebook
// is kept, another's added below it; labels are joined.
func TestImportNewerWins(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := openStore(t, url)
		old := aBackup(t)
		newer := edited(t, old, "edited later", now)
		if _, err := Import(ctx, st, "alice", "alice", newer); err != nil {
			t.Fatal(err)
		}
		want := restored(t, newer)
		rep, err := Import(ctx, st, "alice", "alice", old)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Updated != 0 || rep.Unchanged != 4 {
			t.Errorf("an older backup: %+v", rep)
		}
		out, err := Export(ctx, st, "alice", now)
		if err != nil {
			t.Fatal(err)
		}
		if got := restored(t, out); !maps.Equal(got, want) {
			t.Errorf("an older backup changed the library:\n%v\nwant\n%v", got, want)
		}

		if _, err := Import(ctx, st, "bob", "bob", old); err != nil {
			t.Fatal(err)
		}
		rep, err = Import(ctx, st, "bob", "bob", newer)
		if err != nil {
			t.Fatal(err)
		}
		// The highlight's note, and the mention: its entity's time.
		if rep.Updated != 2 || rep.Unchanged != 2 || rep.Added != 0 {
			t.Errorf("a newer backup: %+v", rep)
		}
		out, err = Export(ctx, st, "bob", now)
		if err != nil {
			t.Fatal(err)
		}
		if got := restored(t, out); !maps.Equal(got, want) {
			t.Errorf("a newer backup:\n%v\nwant\n%v", got, want)
		}
	})
}

// TestImportJoinsRecords: the record of an article kept on the server is
// joined with the backup's as the browser's restore does.
func TestImportJoinsRecords(t *testing.T) {
	seed := seeds.Articles()[0]
	tests := []struct {
		name      string
		kept, in  Record
		want      Record
		unchanged bool
	}{
		{"the same", Record{Labels: []string{"A"}, Notebook: "n"}, Record{Labels: []string{"A"}, Notebook: "n"}, Record{Labels: []string{"A"}, Notebook: "n"}, true},
		{"labels joined", Record{Labels: []string{"A", "B"}}, Record{Labels: []string{"C", "A"}}, Record{Labels: []string{"A", "B", "C"}}, false},
		{"notebook below", Record{Notebook: "mine"}, Record{Notebook: "theirs"}, Record{Notebook: "mine\n\ntheirs"}, false},
		{"notebook in it", Record{Notebook: "mine and theirs"}, Record{Notebook: "theirs"}, Record{Notebook: "mine and theirs"}, true},
		{"empty notebook", Record{Notebook: " "}, Record{Notebook: "theirs"}, Record{Notebook: "theirs"}, false},
		{"title kept", Record{Title: "Mine"}, Record{Title: "Theirs"}, Record{Title: "Mine"}, true},
		{"rejections joined", Record{Rejected: []Rejection{{1, 2, "a", "P"}}}, Record{Rejected: []Rejection{{1, 2, "a", "P"}, {3, 4, "b", "P"}}}, Record{Rejected: []Rejection{{1, 2, "a", "P"}, {3, 4, "b", "P"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := join(tt.kept, tt.in)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || changed == tt.unchanged {
				t.Errorf("join = %+v, %v; want %+v, %v", got, changed, tt.want, !tt.unchanged)
			}
		})
	}
	engines(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := openStore(t, url)
		body, _ := json.Marshal(Record{ID: seed.ID, Title: seed.Title, Labels: []string{"Ship"}, Notebook: "on the server"})
		if _, err := st.Create(ctx, annostore.Doc{Container: "alice", Kind: annostore.Article, ID: seed.ID, Creator: "alice", Body: body}); err != nil {
			t.Fatal(err)
		}
		rep, err := Import(ctx, st, "alice", "alice", aBackup(t))
		if err != nil {
			t.Fatal(err)
		}
		if rep.ArticlesAdded != 1 || rep.ArticlesUpdated != 1 {
			t.Errorf("report %+v", rep)
		}
		d, err := st.Get(ctx, "alice", annostore.Article, seed.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := decodeRecord(d)
		if r.Notebook != "on the server\n\nNotebook of “"+seed.Title+"” 😀" || r.Labels[0] != "Ship" || len(r.Labels) != 2+len(annotation.DefaultLabels) {
			t.Errorf("joined record %+v", r)
		}
	})
}

// TestImportLeavesDeleted: what was deleted on the server stays deleted
// when an older backup is imported.
func TestImportLeavesDeleted(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := openStore(t, url)
		file := aBackup(t)
		if _, err := Import(ctx, st, "alice", "alice", file); err != nil {
			t.Fatal(err)
		}
		seed := seeds.Articles()[0]
		for _, del := range []struct {
			kind annostore.Kind
			id   string
		}{{annostore.Annotation, "hl-" + seed.ID}, {annostore.Article, seed.ID}} {
			d, err := st.Get(ctx, "alice", del.kind, del.id)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Delete(ctx, "alice", del.kind, del.id, d.Cursor); err != nil {
				t.Fatal(err)
			}
		}
		before := cursor(t, st, "alice")
		rep, err := Import(ctx, st, "alice", "alice", file)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Deleted != 2 || rep.Unchanged != 3 {
			t.Errorf("report %+v", rep)
		}
		if after := cursor(t, st, "alice"); after != before {
			t.Errorf("the import wrote: cursor %d → %d", before, after)
		}
		if _, err := st.Get(ctx, "alice", annostore.Annotation, "hl-"+seed.ID); !errors.Is(err, annostore.ErrGone) {
			t.Errorf("the deleted annotation: %v", err)
		}
	})
}

// TestImportRefuses: a file the browser would refuse, or a container that
// is not there, changes nothing and says why.
func TestImportRefuses(t *testing.T) {
	good := aBackup(t)
	edit := func(fn func(f *backup.File)) []byte {
		var f backup.File
		if err := json.Unmarshal(good, &f); err != nil {
			t.Fatal(err)
		}
		fn(&f)
		b, _ := json.Marshal(f)
		return b
	}
	tests := []struct {
		name, container string
		file            []byte
		want            string
	}{
		{"not JSON", "alice", []byte("hello"), "not a Marginalia backup"},
		{"cut short", "alice", good[:len(good)/2], "damaged"},
		{"a newer version", "alice", edit(func(f *backup.File) { f.Version = 2 }), "newer version"},
		{"a text changed", "alice", edit(func(f *backup.File) { f.Articles[0].Added.Source += " More." }), "not the one its annotations were made on"},
		{"an unknown seed", "alice", edit(func(f *backup.File) { f.Articles[1].ID = "0000000000000000" }), "neither in the backup"},
		{"broken annotations", "alice", edit(func(f *backup.File) { f.Articles[1].Annotations = json.RawMessage(`{"type": 3}`) }), "cannot be read"},
		{"no such user", "carol", good, `no user or group named "carol"`},
	}
	engines(t, func(t *testing.T, url string) {
		st := openStore(t, url)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := Import(context.Background(), st, tt.container, "alice", tt.file)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %v, want one saying %q", err, tt.want)
				}
				if c := cursor(t, st, "alice"); c != 0 {
					t.Errorf("a refused file wrote: cursor %d", c)
				}
			})
		}
		if _, err := Export(context.Background(), st, "carol", now); err == nil || !strings.Contains(err.Error(), `no user or group named "carol"`) {
			t.Errorf("export of no one: %v", err)
		}
	})
}

// TestExportProtocolDocuments: annotations kept through the protocol (an
// id the server minted, the client's in via, a creator, another client's
// members) export with the client's id and restore in the browser;
// mentions of one entity renamed in one document only all name it anew;
// annotations the app cannot read, or of no article, are left out and
// counted; rejections travel in the file and come back on import.
func TestExportProtocolDocuments(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := openStore(t, url)
		seed := seeds.Articles()[0]
		text := anchor.NewText(seed.Text)
		quote := "marathon talks"
		start := len([]rune(seed.Text[:strings.Index(seed.Text, quote)]))
		tg, err := text.Describe(start, start+len([]rune(quote)))
		if err != nil {
			t.Fatal(err)
		}
		target := func(extra string) string {
			return fmt.Sprintf(`{"type":"SpecificResource","source":%q,"selector":[{"type":"TextQuoteSelector","exact":%q,"prefix":%q,"suffix":%q}%s]}`,
				seed.IRI(), tg.Quote.Exact, tg.Quote.Prefix, tg.Quote.Suffix, extra)
		}
		mention := func(id, name, modified string) string {
			return fmt.Sprintf(`{"@context":"http://www.w3.org/ns/anno.jsonld","id":"https://example.org/annotations/alice/%[1]s","via":"urn:uuid:%[1]s","type":"Annotation","motivation":"identifying","creator":"https://example.org/users/alice","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z",
				"body":[{"type":"TextualBody","value":"Event","purpose":"classifying"},{"type":"SpecificResource","purpose":"identifying","source":{"id":"urn:uuid:0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c11","type":"TextualBody","value":%q,"modified":%q}}],
				"target":%s}`, id, name, modified, target(""))
		}
		docs := []struct{ id, target, body string }{
			{"0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c01", seed.IRI(), mention("0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c01", "Old name", "2026-11-01T00:00:00.000Z")},
			{"0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c02", seed.IRI(), mention("0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c02", "New name", "2026-11-02T00:00:00.000Z")},
			{"0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c04", seed.IRI(), `{"type":"Annotation","motivation":"highlighting","target":` + target("") + `}`},
			{"minted", seed.IRI(), `{"id":"https://example.org/annotations/alice/minted","type":"Annotation","motivation":"commenting","body":{"type":"TextualBody","value":"a note from elsewhere"},"target":` + target("") + `}`},
			{"backwards", seed.IRI(), `{"id":"urn:uuid:0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c03","type":"Annotation","target":` + target(`,{"type":"TextPositionSelector","start":9,"end":2}`) + `}`},
			{"elsewhere", "https://example.org/page", `{"id":"urn:x:elsewhere","type":"Annotation","target":"https://example.org/page"}`},
		}
		for _, d := range docs {
			if _, err := st.Create(ctx, annostore.Doc{Container: "alice", Kind: annostore.Annotation, ID: d.id, Creator: "alice", Target: d.target, Body: []byte(d.body)}); err != nil {
				t.Fatal(err)
			}
		}
		rec, _ := json.Marshal(Record{ID: seed.ID, Rejected: []Rejection{{Start: 3, End: 9, Text: "Kerry", Label: "Place"}}})
		orphan, _ := json.Marshal(Record{ID: "0000000000000000", Title: "Gone from the app"})
		for _, r := range []struct {
			id   string
			body []byte
		}{{seed.ID, rec}, {"0000000000000000", orphan}} {
			if _, err := st.Create(ctx, annostore.Doc{Container: "alice", Kind: annostore.Article, ID: r.id, Creator: "alice", Body: r.body}); err != nil {
				t.Fatal(err)
			}
		}

		out, sum, err := ExportSummary(ctx, st, "alice", now)
		if err != nil {
			t.Fatal(err)
		}
		if want := (Summary{Articles: 1, Annotations: 4, Unreadable: 1, Orphans: 2}); sum != want {
			t.Errorf("summary %+v, want %+v", sum, want)
		}
		mem := &store.Memory{}
		if _, err := backup.Restore(mem, out, seeds.Articles(), now); err != nil {
			t.Fatalf("restore: %v\n%s", err, out)
		}
		d, err := store.New(mem).Load(seed.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, a := range d.Set.All() {
			e, _ := d.Set.Entity(a.EntityID)
			got[a.ID] = a.Note + e.Name
		}
		want := map[string]string{
			"0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c01":         "New name",
			"0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c02":         "New name",
			"https://example.org/annotations/alice/minted": "a note from elsewhere",
			"0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c04":         "",
		}
		if !maps.Equal(got, want) {
			t.Errorf("restored %v, want %v", got, want)
		}
		if s := string(out); !strings.Contains(s, `"creator": "https://example.org/users/alice"`) || strings.Contains(s, `"via"`) || strings.Contains(s, "example.org/annotations/alice/0b9e") {
			t.Errorf("the export does not keep the members as stored, with the client's ids:\n%s", s)
		}

		// Into bob's: the ids come back in via, the rejections in the record.
		if _, err := Import(ctx, st, "bob", "bob", out); err != nil {
			t.Fatal(err)
		}
		rd, err := st.Get(ctx, "bob", annostore.Article, seed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := decodeRecord(rd); len(r.Rejected) != 1 || r.Rejected[0].Text != "Kerry" || r.Title != seed.Title {
			t.Errorf("bob's record %s", rd.Body)
		}
		ad, err := st.Get(ctx, "bob", annostore.Annotation, "minted")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(ad.Body), `"via":"https://example.org/annotations/alice/minted"`) {
			t.Errorf("bob's copy of minted: %s", ad.Body)
		}
	})
}

// TestDocID: an annotation's document ID is its IRI's last segment when
// that is a safe segment, else a hash of the IRI.
func TestDocID(t *testing.T) {
	long := strings.Repeat("a", 129)
	tests := []struct{ iri, want string }{
		{"urn:uuid:0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c01", "0b9e4c6a-1b8e-4c1a-9a5e-2a4a7d1e0c01"},
		{"urn:marginalia:hl-1", "hl-1"},
		{"https://example.org/annotations/alice/x_y.z~1", "x_y.z~1"},
		{"https://example.org/a#frag", "frag"},
		{"https://example.org/a/", hashID("https://example.org/a/")},
		{"https://example.org/..", hashID("https://example.org/..")},
		{"urn:x:caf\u00e9", hashID("urn:x:caf\u00e9")},
		{"urn:x:a b", hashID("urn:x:a b")},
		{"urn:x:" + long, hashID("urn:x:" + long)},
		{"", hashID("")},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		got := DocID(tt.iri)
		if got != tt.want || !SafeID(got) {
			t.Errorf("DocID(%q) = %q, want %q", tt.iri, got, tt.want)
		}
	}
	if DocID("urn:a") == DocID("urn:b/") || hashID("a") == hashID("b") {
		t.Error("hashes collide")
	}
}

// TestImportSameSegment: two annotations whose IRIs end with the same
// segment are two documents.
func TestImportSameSegment(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := openStore(t, url)
		var f backup.File
		if err := json.Unmarshal(aBackup(t), &f); err != nil {
			t.Fatal(err)
		}
		// The seed's highlight again, under another IRI with its last segment.
		seed := seeds.Articles()[0]
		for i, a := range f.Articles {
			if a.ID != seed.ID {
				continue
			}
			c, err := webanno.Decode(a.Annotations)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range c.Annotations {
				if x.ID == "hl-"+seed.ID {
					x.ID = "https://example.org/other/hl-" + seed.ID
					c.Annotations = append(c.Annotations, x)
				}
			}
			f.Articles[i].Annotations, err = webanno.Encode(*c)
			if err != nil {
				t.Fatal(err)
			}
		}
		file, _ := json.Marshal(f)
		for range 2 {
			rep, err := Import(ctx, st, "alice", "alice", file)
			if err != nil {
				t.Fatal(err)
			}
			if n := rep.Added + rep.Unchanged; n != 5 {
				t.Errorf("report %+v, want 5 annotations", rep)
			}
		}
		if _, err := st.Get(ctx, "alice", annostore.Annotation, hashID("https://example.org/other/hl-"+seed.ID)); err != nil {
			t.Errorf("the second one: %v", err)
		}
	})
}

// TestImportEntityRename: an entity renamed since (its mentions' own times
// unchanged) replaces the stored mentions.
func TestImportEntityRename(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := openStore(t, url)
		old := aBackup(t)
		var f backup.File
		if err := json.Unmarshal(old, &f); err != nil {
			t.Fatal(err)
		}
		for i, a := range f.Articles {
			c, err := webanno.Decode(a.Annotations)
			if err != nil {
				t.Fatal(err)
			}
			for j := range c.Entities {
				c.Entities[j].Name, c.Entities[j].Modified = "Renamed", now
			}
			if f.Articles[i].Annotations, err = webanno.Encode(*c); err != nil {
				t.Fatal(err)
			}
		}
		renamed, _ := json.Marshal(f)
		if _, err := Import(ctx, st, "alice", "alice", old); err != nil {
			t.Fatal(err)
		}
		rep, err := Import(ctx, st, "alice", "alice", renamed)
		if err != nil {
			t.Fatal(err)
		}
		if want := (Report{Updated: 2, Unchanged: 2}); rep != want {
			t.Errorf("report %+v, want %+v", rep, want)
		}
		out, err := Export(ctx, st, "alice", now)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := restored(t, out), restored(t, renamed); !maps.Equal(got, want) {
			t.Errorf("the renamed entity:\n%v\nwant\n%v", got, want)
		}
	})
}

// TestExportIsW3C: each article's annotations in an export pass the W3C
// Web Annotation MUST suite, as the browser's backup does.
func TestExportIsW3C(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, storetest.SQLite(t))
	if _, err := Import(ctx, st, "alice", "alice", aBackup(t)); err != nil {
		t.Fatal(err)
	}
	out, err := Export(ctx, st, "alice", now)
	if err != nil {
		t.Fatal(err)
	}
	var f backup.File
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatal(err)
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
