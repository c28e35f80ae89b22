package reading

import "marginalia/app/annotation"

// A Selection is the reader's pending selection and the choices made
// around it: the range (snapped to words), whether the label picker is
// open and which entity it links to, the tag-all offer of the last tag,
// and the sticky choices (the last colour and label) that the next
// selection starts with. It reads no DOM: the reader feeds it what the
// browser's selection became.
type Selection struct {
	At      DomSelection // the range and where it is on the page
	Active  bool         // there is a range: the toolbar shows
	Picking bool         // the label picker is open
	Link    EntityLink   // the entity the picker links the mention to
	Offer   tagOffer     // "Tag all N other occurrences" of the last tag

	Color     annotation.Color // the colour h highlights with
	LastLabel string           // the label Enter tags with
}

func NewSelection() Selection { return Selection{Color: annotation.Yellow} }

// Differs reports whether the browser's selection (ok: there is one in
// the article) is not the one pending.
func (s *Selection) Differs(at DomSelection, ok bool) bool {
	return ok != s.Active || ok && (at.Start != s.At.Start || at.End != s.At.End)
}

// Set takes the browser's selection: a new range links automatically
// again; no range closes the picker.
func (s *Selection) Set(at DomSelection, ok bool) {
	s.Active, s.At, s.Link = ok, at, LinkAuto
	if !ok {
		s.Picking = false
	}
}

// Extend takes a selection read at a key press (Shift+arrows may have
// moved it since the last selectionchange reached the reader), keeping
// the choices made for it.
func (s *Selection) Extend(at DomSelection) { s.Active, s.At = true, at }

// Dismiss forgets the range and closes the picker.
func (s *Selection) Dismiss() { s.Active, s.Picking, s.Link = false, false, LinkAuto }

// Tagged records a tag with label: Enter tags with it next, and the offer
// to tag the other occurrences shows.
func (s *Selection) Tagged(label string, offer tagOffer) {
	s.Dismiss()
	s.LastLabel, s.Offer = label, offer
}

// DropOffer withdraws the tag-all offer (it was taken, dismissed, or the
// text changed under it).
func (s *Selection) DropOffer() { s.Offer = tagOffer{} }

// Offering reports whether the tag-all offer shows.
func (s *Selection) Offering() bool { return len(s.Offer.Starts) > 0 }

// Keys is what of the selection the shortcuts depend on.
func (s *Selection) Keys(labels int) KeyState {
	return KeyState{Selection: s.Active, Picker: s.Picking, Labels: labels, LastLabel: s.LastLabel != ""}
}

// DomSelection reads the browser's selection inside the article as
// code-point offsets of the canonical text, with the rectangle it covers
// (in page coordinates). The DOM counts UTF-16 units: this is the one place
// where they become code points, through the data-offset of the segment
// spans. ok is false when nothing is selected in the article.
type DomSelection struct {
	Start, End  int
	Top, Bottom float64
	Left, Right float64
}
