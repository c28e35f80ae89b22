package reading

import (
	"slices"
	"testing"

	"marginalia/app/annotation"
	"marginalia/app/store"
	"marginalia/seeds"
)

// TestSessionRestoresLabels: the labels the reader added are there when
// the article is opened again; a record that keeps no labels leaves the
// default ones.
func TestSessionRestoresLabels(t *testing.T) {
	s, p, mem := openSeed(t)
	selectQuote(t, s, "Knesset", 1)
	s.Act(Action{Do: DoTagAs, Text: "Parliament"})
	p.paint()
	again := Open(seeds.Articles()[0], &fakePage{}, Options{Backend: mem})
	if want := append(slices.Clone(annotation.DefaultLabels), "Parliament"); !slices.Equal(again.ws.labels, want) {
		t.Errorf("labels %q, want %q", again.ws.labels, want)
	}
	seed := seeds.Articles()[0]
	bare := &store.Memory{}
	bare.Set(store.Key(seed.ID), `{"schema":1,"article":"`+seed.ID+`","annotations":[],"entities":[],"labels":[]}`)
	s = Open(seed, &fakePage{}, Options{Backend: bare})
	if !slices.Equal(s.ws.labels, annotation.DefaultLabels) {
		t.Errorf("labels %q, want the defaults", s.ws.labels)
	}
}

// TestTagAllSkipsWhatIsTagged: an occurrence the offer lists that was
// tagged by hand meanwhile is not tagged twice.
func TestTagAllSkipsWhatIsTagged(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "Kerry", 2)
	_, offer, err := w.Tag(s, e, "Person", LinkAuto)
	if err != nil || len(offer.Starts) < 3 {
		t.Fatalf("offer %+v, %v", offer, err)
	}
	by := offer.Starts[1]
	if _, _, err := w.Tag(by, by+len("Kerry"), "Person", LinkAuto); err != nil {
		t.Fatal(err)
	}
	n, err := w.TagAll(offer)
	if err != nil || n != len(offer.Starts)-1 {
		t.Errorf("tag all = %d, %v; want %d", n, err, len(offer.Starts)-1)
	}
	if got := len(w.placed); got != len(offer.Starts)+1 {
		t.Errorf("%d mentions, want %d", got, len(offer.Starts)+1)
	}
}
