package seeds

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestArticles(t *testing.T) {
	as := Articles()
	if len(as) == 0 {
		t.Fatal("no embedded articles")
	}
	a, ok := BySlug("kerry-leaves-israel-without-breakthrough-in-gaza-cease-fire-talks")
	if !ok {
		t.Fatal("seed article not found by slug")
	}
	if len(a.Paragraphs()) != 8 {
		t.Errorf("seed has %d paragraphs, want 8", len(a.Paragraphs()))
	}
	if _, ok := BySlug("no-such-article"); ok {
		t.Error("BySlug found an article that does not exist")
	}
}

func TestLoadAddsEveryText(t *testing.T) {
	fsys := fstest.MapFS{
		"b.txt":    {Data: []byte("Second\n\ndek\n\nbody")},
		"a.txt":    {Data: []byte("First\n\ndek\n\nbody")},
		"note.md":  {Data: []byte("not a seed")},
		"seeds.go": {Data: []byte("package seeds")},
	}
	as, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || as[0].Title != "First" || as[1].Title != "Second" {
		t.Errorf("load gave %d articles: %+v", len(as), as)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		scenario string
		fsys     fstest.MapFS
		want     string
	}{
		{"empty seed", fstest.MapFS{"a.txt": {Data: []byte("  \n")}}, "a.txt"},
		{"same slug", fstest.MapFS{
			"a.txt": {Data: []byte("Same Title\n\nx")},
			"b.txt": {Data: []byte("Same title!\n\ny")},
		}, "same slug"},
	}
	for _, tt := range tests {
		if _, err := load(tt.fsys); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one mentioning %q", tt.scenario, err, tt.want)
		}
	}
}
