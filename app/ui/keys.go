package ui

// The reader's shortcuts, as a decision: keyAction takes a key press and
// what the reader shows, and returns what to do. It reads no DOM, so
// every key is tested on the host (keys_test.go); the reader's keydown
// listener only describes the event and carries out the action.

// A keyPress is one keydown: the key's value (KeyboardEvent.key), its
// modifiers, and where the focus is.
type keyPress struct {
	Key   string
	Ctrl  bool // Ctrl, or Cmd on a Mac
	Shift bool
	Alt   bool
	In    keyTarget
}

// keyTarget is where the focus is when a key is pressed.
type keyTarget int

const (
	onPage  keyTarget = iota // the article, a button, nothing in particular
	inField                  // a text box: input, textarea, contenteditable
	inMenu                   // a select
)

// keyState is what of the reader's state the shortcuts depend on.
type keyState struct {
	Selection bool // text is selected in the article
	Picker    bool // the label picker is open
	Card      bool // an annotation's card is open
	Labels    int  // how many entity labels there are
	LastLabel bool // a label was used: Enter tags with it
	// Suggesting says entity suggestions are on; Suggestion, that a
	// suggestion's card is open.
	Suggesting, Suggestion bool
}

// verb is what a shortcut does.
type verb int

const (
	doNothing        verb = iota
	doDismiss             // forget the selection, close the picker
	doClose               // close the open card and the tag-all offer
	doUndo                // undo the last step
	doRedo                // redo it
	doHighlight           // highlight the selection in the last colour
	doNote                // highlight the selection and open its note
	doOpenPicker          // open the label picker
	doTag                 // tag the selection with label N
	doTagLast             // tag the selection with the last label used
	doRemove              // delete the open annotation
	doNext                // open the next annotation
	doPrevious            // open the one before
	doSuggest             // turn entity suggestions on or off
	doNextSuggestion      // open the next suggestion
	doPrevSuggestion      // open the suggestion before
	doAccept              // accept the open suggestion
	doAcceptAlike         // accept it and every suggestion like it
	doAcceptAs            // accept it with label N
	doReject              // reject it
)

// An action is a verb with its label number (for doTag, from 0).
type action struct {
	Do verb
	N  int
}

// where says from which focus a binding works.
type where int

const (
	fromPage     where = iota // not while typing in a text box or a menu
	fromMenuToo               // from a menu too (it has no text to undo)
	fromAnywhere              // even while typing
)

// A binding is one row of the shortcut table.
type binding struct {
	keys  []string // KeyboardEvent.key values; "1"…"9" also give N
	ctrl  bool     // Ctrl (or Cmd) must be held; else it must not be
	shift int      // 1: Shift must be held, -1: must not, 0: either
	from  where
	when  func(keyState) bool // nil: always
	do    verb
}

func hasSelection(s keyState) bool      { return s.Selection }
func hasCard(s keyState) bool           { return s.Card }
func selectionOrPicker(s keyState) bool { return s.Selection || s.Picker }
func suggesting(s keyState) bool        { return s.Suggesting }
func reviewing(s keyState) bool         { return s.Suggestion && !s.Selection }

// keyTable is every shortcut, in the order they are tried: the first row
// that matches decides. The README's keyboard section lists them.
var keyTable = []binding{
	{keys: []string{"Escape"}, from: fromAnywhere, when: selectionOrPicker, do: doDismiss},
	{keys: []string{"Escape"}, from: fromAnywhere, do: doClose},
	{keys: []string{"z", "Z"}, ctrl: true, shift: -1, from: fromMenuToo, do: doUndo},
	{keys: []string{"z", "Z"}, ctrl: true, shift: 1, from: fromMenuToo, do: doRedo},
	{keys: []string{"y"}, ctrl: true, from: fromMenuToo, do: doRedo},
	{keys: []string{"h"}, when: hasSelection, do: doHighlight},
	{keys: []string{"n"}, when: hasSelection, do: doNote},
	{keys: []string{"t"}, when: hasSelection, do: doOpenPicker},
	{keys: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, when: hasSelection, do: doTag},
	{keys: []string{"Enter"}, when: func(s keyState) bool { return s.Selection && s.LastLabel }, do: doTagLast},
	{keys: []string{"Enter"}, when: hasSelection, do: doOpenPicker},
	{keys: []string{"a"}, shift: -1, when: reviewing, do: doAccept},
	{keys: []string{"A"}, shift: 1, when: reviewing, do: doAcceptAlike},
	{keys: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, when: reviewing, do: doAcceptAs},
	{keys: []string{"r", "Delete"}, when: reviewing, do: doReject},
	{keys: []string{"]"}, when: suggesting, do: doNextSuggestion},
	{keys: []string{"["}, when: suggesting, do: doPrevSuggestion},
	{keys: []string{"s"}, shift: -1, do: doSuggest},
	{keys: []string{"Delete"}, when: hasCard, do: doRemove},
	{keys: []string{"j"}, do: doNext},
	{keys: []string{"k"}, do: doPrevious},
}

// keyAction returns what a key press does in state s: doNothing for a key
// that is not a shortcut there, which the browser then handles as usual.
func keyAction(k keyPress, s keyState) action {
	for _, b := range keyTable {
		if a, ok := b.match(k, s); ok {
			return a
		}
	}
	return action{}
}

// match reports whether b applies to k in s, and its action.
func (b binding) match(k keyPress, s keyState) (action, bool) {
	n := -1
	for i, key := range b.keys {
		if key == k.Key {
			n = i
		}
	}
	if n < 0 {
		return action{}, false
	}
	if b.from != fromAnywhere {
		// Text boxes keep their own keys, Ctrl+Z and Alt combinations
		// included.
		if k.Alt || k.Ctrl != b.ctrl || k.In == inField || k.In == inMenu && b.from != fromMenuToo {
			return action{}, false
		}
		if b.shift > 0 && !k.Shift || b.shift < 0 && k.Shift {
			return action{}, false
		}
	}
	if b.when != nil && !b.when(s) {
		return action{}, false
	}
	a := action{Do: b.do}
	if b.do == doTag || b.do == doAcceptAs {
		if n >= s.Labels {
			return action{}, false
		}
		a.N = n
	}
	return a, true
}
