package ui

import (
	"testing"

	"marginalia/app/annotation"
)

func TestSelectionStartsYellowWithNothingPending(t *testing.T) {
	s := newSelection()
	if s.active || s.picking || s.offering() || s.color != annotation.Yellow || s.lastLabel != "" || !s.link.auto() {
		t.Errorf("new selection %+v", s)
	}
}

// TestSelectionSteps walks the selection through what a reader does,
// checking after each step what the toolbar, the picker, the link menu
// and the offer show.
func TestSelectionSteps(t *testing.T) {
	at := func(start, end int) domSelection { return domSelection{start: start, end: end} }
	type want struct {
		active, picking, offering bool
		link                      entityLink
		lastLabel                 string
	}
	s := newSelection()
	steps := []struct {
		name string
		do   func()
		want want
	}{
		{"select", func() { s.set(at(3, 8), true) }, want{active: true}},
		{"open the picker, link to an entity", func() { s.picking = true; s.link = linkTo("e1") }, want{active: true, picking: true, link: linkTo("e1")}},
		{"extend with Shift+arrow keeps the choices", func() { s.extend(at(3, 12)) }, want{active: true, picking: true, link: linkTo("e1")}},
		{"another range links automatically again", func() { s.set(at(20, 25), true) }, want{active: true, picking: true}},
		{"tagging remembers the label and offers the rest", func() {
			s.tagged("Person", tagOffer{Quote: "Kerry", Starts: []int{40, 90}})
		}, want{offering: true, lastLabel: "Person"}},
		{"a new selection keeps the offer and the label", func() { s.set(at(50, 55), true) }, want{active: true, offering: true, lastLabel: "Person"}},
		{"no selection closes the picker", func() { s.picking = true; s.set(domSelection{}, false) }, want{offering: true, lastLabel: "Person"}},
		{"the offer is dropped", func() { s.dropOffer() }, want{lastLabel: "Person"}},
		{"dismiss forgets the range and the picker", func() { s.set(at(1, 2), true); s.picking = true; s.dismiss() }, want{lastLabel: "Person"}},
	}
	for _, st := range steps {
		st.do()
		got := want{s.active, s.picking, s.offering(), s.link, s.lastLabel}
		if got != st.want {
			t.Fatalf("%s: %+v, want %+v", st.name, got, st.want)
		}
	}
}

func TestSelectionDiffers(t *testing.T) {
	s := newSelection()
	s.set(domSelection{start: 3, end: 8, top: 10}, true)
	tests := []struct {
		name string
		at   domSelection
		ok   bool
		want bool
	}{
		{"same range", domSelection{start: 3, end: 8}, true, false},
		{"same range, scrolled", domSelection{start: 3, end: 8, top: 300}, true, false},
		{"longer", domSelection{start: 3, end: 9}, true, true},
		{"gone", domSelection{}, false, true},
	}
	for _, tt := range tests {
		if got := s.differs(tt.at, tt.ok); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	s.dismiss()
	if s.differs(domSelection{}, false) {
		t.Error("no selection differs from none")
	}
}

func TestSelectionKeys(t *testing.T) {
	s := newSelection()
	if got := s.keys(5); got != (keyState{Labels: 5}) {
		t.Errorf("nothing selected: %+v", got)
	}
	s.set(domSelection{start: 1, end: 4}, true)
	s.picking = true
	s.tagged("Place", tagOffer{})
	s.set(domSelection{start: 1, end: 4}, true)
	if got := s.keys(6); got != (keyState{Selection: true, Labels: 6, LastLabel: true}) {
		t.Errorf("after a tag and a new selection: %+v", got)
	}
}
