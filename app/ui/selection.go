package ui

import "marginalia/app/annotation"

// A selection is the reader's pending selection and the choices made
// around it: the range (snapped to words), whether the label picker is
// open and which entity it links to, the tag-all offer of the last tag,
// and the sticky choices (the last colour and label) that the next
// selection starts with. It reads no DOM: the reader feeds it what the
// browser's selection became.
type selection struct {
	at      domSelection // the range and where it is on the page
	active  bool         // there is a range: the toolbar shows
	picking bool         // the label picker is open
	link    entityLink   // the entity the picker links the mention to
	offer   tagOffer     // "Tag all N other occurrences" of the last tag

	color     annotation.Color // the colour h highlights with
	lastLabel string           // the label Enter tags with
}

func newSelection() selection { return selection{color: annotation.Yellow} }

// differs reports whether the browser's selection (ok: there is one in
// the article) is not the one pending.
func (s *selection) differs(at domSelection, ok bool) bool {
	return ok != s.active || ok && (at.start != s.at.start || at.end != s.at.end)
}

// set takes the browser's selection: a new range links automatically
// again; no range closes the picker.
func (s *selection) set(at domSelection, ok bool) {
	s.active, s.at, s.link = ok, at, linkAuto
	if !ok {
		s.picking = false
	}
}

// extend takes a selection read at a key press (Shift+arrows may have
// moved it since the last selectionchange reached the reader), keeping
// the choices made for it.
func (s *selection) extend(at domSelection) { s.active, s.at = true, at }

// dismiss forgets the range and closes the picker.
func (s *selection) dismiss() { s.active, s.picking, s.link = false, false, linkAuto }

// tagged records a tag with label: Enter tags with it next, and the offer
// to tag the other occurrences shows.
func (s *selection) tagged(label string, offer tagOffer) {
	s.dismiss()
	s.lastLabel, s.offer = label, offer
}

// dropOffer withdraws the tag-all offer (it was taken, dismissed, or the
// text changed under it).
func (s *selection) dropOffer() { s.offer = tagOffer{} }

// offering reports whether the tag-all offer shows.
func (s *selection) offering() bool { return len(s.offer.Starts) > 0 }

// keys is what of the selection the shortcuts depend on.
func (s *selection) keys(labels int) keyState {
	return keyState{Selection: s.active, Picker: s.picking, Labels: labels, LastLabel: s.lastLabel != ""}
}
