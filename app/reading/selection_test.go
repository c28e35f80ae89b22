package reading

import (
	"testing"

	"marginalia/app/annotation"
)

func TestSelectionStartsYellowWithNothingPending(t *testing.T) {
	s := NewSelection()
	if s.Active || s.Picking || s.Offering() || s.Color != annotation.Yellow || s.LastLabel != "" || !s.Link.Auto() {
		t.Errorf("new selection %+v", s)
	}
}

// TestSelectionSteps walks the selection through what a reader does,
// checking after each step what the toolbar, the picker, the link menu
// and the offer show.
func TestSelectionSteps(t *testing.T) {
	at := func(start, end int) DomSelection { return DomSelection{Start: start, End: end} }
	type want struct {
		active, picking, offering bool
		link                      EntityLink
		lastLabel                 string
	}
	s := NewSelection()
	steps := []struct {
		name string
		do   func()
		want want
	}{
		{"select", func() { s.Set(at(3, 8), true) }, want{active: true}},
		{"open the picker, link to an entity", func() { s.Picking = true; s.Link = LinkTo("e1") }, want{active: true, picking: true, link: LinkTo("e1")}},
		{"extend with Shift+arrow keeps the choices", func() { s.Extend(at(3, 12)) }, want{active: true, picking: true, link: LinkTo("e1")}},
		{"another range links automatically again", func() { s.Set(at(20, 25), true) }, want{active: true, picking: true}},
		{"tagging remembers the label and offers the rest", func() {
			s.Tagged("Person", tagOffer{Quote: "Kerry", Starts: []int{40, 90}})
		}, want{offering: true, lastLabel: "Person"}},
		{"a new selection keeps the offer and the label", func() { s.Set(at(50, 55), true) }, want{active: true, offering: true, lastLabel: "Person"}},
		{"no selection closes the picker", func() { s.Picking = true; s.Set(DomSelection{}, false) }, want{offering: true, lastLabel: "Person"}},
		{"the offer is dropped", func() { s.DropOffer() }, want{lastLabel: "Person"}},
		{"dismiss forgets the range and the picker", func() { s.Set(at(1, 2), true); s.Picking = true; s.Dismiss() }, want{lastLabel: "Person"}},
	}
	for _, st := range steps {
		st.do()
		got := want{s.Active, s.Picking, s.Offering(), s.Link, s.LastLabel}
		if got != st.want {
			t.Fatalf("%s: %+v, want %+v", st.name, got, st.want)
		}
	}
}

func TestSelectionDiffers(t *testing.T) {
	s := NewSelection()
	s.Set(DomSelection{Start: 3, End: 8, Top: 10}, true)
	tests := []struct {
		name string
		at   DomSelection
		ok   bool
		want bool
	}{
		{"same range", DomSelection{Start: 3, End: 8}, true, false},
		{"same range, scrolled", DomSelection{Start: 3, End: 8, Top: 300}, true, false},
		{"longer", DomSelection{Start: 3, End: 9}, true, true},
		{"gone", DomSelection{}, false, true},
	}
	for _, tt := range tests {
		if got := s.Differs(tt.at, tt.ok); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	s.Dismiss()
	if s.Differs(DomSelection{}, false) {
		t.Error("no selection differs from none")
	}
}

func TestSelectionKeys(t *testing.T) {
	s := NewSelection()
	if got := s.Keys(5); got != (KeyState{Labels: 5}) {
		t.Errorf("nothing selected: %+v", got)
	}
	s.Set(DomSelection{Start: 1, End: 4}, true)
	s.Picking = true
	s.Tagged("Place", tagOffer{})
	s.Set(DomSelection{Start: 1, End: 4}, true)
	if got := s.Keys(6); got != (KeyState{Selection: true, Labels: 6, LastLabel: true}) {
		t.Errorf("after a tag and a new selection: %+v", got)
	}
}
