package ui

import (
	"marginalia/app/reading"
	"testing"

	"marginalia/seeds"
)

// TestEntitiesPanelStepsThroughMentions: clicking an entity again and
// again shows its mentions in document order, then starts over; each
// entity keeps its own place.
func TestEntitiesPanelStepsThroughMentions(t *testing.T) {
	ws := reading.NewWorkspace(seeds.Articles()[0])
	s, e := quoteAt(t, ws, "Kerry", 2)
	_, offer, _ := ws.Tag(s, e, "Person", reading.LinkAuto)
	offer.Starts = offer.Starts[:2]
	ws.TagAll(offer)
	s, e = quoteAt(t, ws, "Gaza Strip", 1)
	gaza, _, _ := ws.Tag(s, e, "Location", reading.LinkAuto)
	kerry, _ := ws.EntityFor("Kerry")
	var want []string
	for _, p := range ws.Placed() {
		if p.EntityID == kerry.ID {
			want = append(want, p.ID)
		}
	}
	if len(want) != 3 {
		t.Fatalf("%d mentions of Kerry", len(want))
	}
	p := &entitiesPanel{Doc: ws.View()}
	place, _ := ws.Get(gaza)
	for i, w := range append(want, want[0]) {
		if got, ok := p.nextMention(kerry.ID); !ok || got != w {
			t.Fatalf("click %d shows %q, want %q", i+1, got, w)
		}
		if i == 1 {
			if got, _ := p.nextMention(place.EntityID); got != gaza {
				t.Fatalf("Gaza Strip shows %q", got)
			}
		}
	}
	if _, ok := p.nextMention("no-such-entity"); ok {
		t.Error("an entity with no mentions shows one")
	}
}
