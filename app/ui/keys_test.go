package ui

import "testing"

var (
	nothingShown = keyState{Labels: 5}
	selected     = keyState{Selection: true, Labels: 5}
	selectedLast = keyState{Selection: true, Labels: 5, LastLabel: true}
	cardOpen     = keyState{Card: true, Labels: 5}
	pickerOpen   = keyState{Selection: true, Picker: true, Labels: 5}
)

func key(k string) keyPress { return keyPress{Key: k} }

func ctrl(k string) keyPress { return keyPress{Key: k, Ctrl: true} }

func ctrlShift(k string) keyPress { return keyPress{Key: k, Ctrl: true, Shift: true} }

type keyCase struct {
	name  string
	press keyPress
	state keyState
	want  action
}

func runKeyCases(t *testing.T, cases []keyCase) {
	t.Helper()
	for _, tt := range cases {
		if got := keyAction(tt.press, tt.state); got != tt.want {
			t.Errorf("%s: %+v in %+v gives %+v, want %+v", tt.name, tt.press, tt.state, got, tt.want)
		}
	}
}

// TestKeyActionWithSelection covers every documented key with text
// selected in the article, and with the label picker open over it.
func TestKeyActionWithSelection(t *testing.T) {
	runKeyCases(t, []keyCase{
		{"h highlights", key("h"), selected, action{Do: doHighlight}},
		{"n adds a note", key("n"), selected, action{Do: doNote}},
		{"t opens the labels", key("t"), selected, action{Do: doOpenPicker}},
		{"1 tags with the first label", key("1"), selected, action{Do: doTag, N: 0}},
		{"5 tags with the fifth", key("5"), selected, action{Do: doTag, N: 4}},
		{"6 is past the labels", key("6"), selected, action{}},
		{"9 with nine labels", key("9"), keyState{Selection: true, Labels: 9}, action{Do: doTag, N: 8}},
		{"Enter tags with the last label", key("Enter"), selectedLast, action{Do: doTagLast}},
		{"Enter with no label yet opens the labels", key("Enter"), selected, action{Do: doOpenPicker}},
		{"Escape dismisses", key("Escape"), selected, action{Do: doDismiss}},
		{"j still moves", key("j"), selected, action{Do: doNext}},
		{"k still moves", key("k"), selected, action{Do: doPrevious}},
		{"Ctrl+Z undoes", ctrl("z"), selected, action{Do: doUndo}},
		{"Shift+H is not h", keyPress{Key: "H", Shift: true}, selected, action{}},
		{"Ctrl+H is the browser's", ctrl("h"), selected, action{}},
		{"Alt+H is the browser's", keyPress{Key: "h", Alt: true}, selected, action{}},
		{"Delete with no card", key("Delete"), selected, action{}},
		{"other letters", key("x"), selected, action{}},
		// The label picker is the toolbar's dialog: its buttons and keys.
		{"picker: 2 tags", key("2"), pickerOpen, action{Do: doTag, N: 1}},
		{"picker: Escape closes it and the selection", key("Escape"), pickerOpen, action{Do: doDismiss}},
		{"picker without a selection: Escape closes it", key("Escape"), keyState{Picker: true}, action{Do: doDismiss}},
		{"picker: typing a new label is text", keyPress{Key: "2", In: inField}, pickerOpen, action{}},
		{"picker: Enter in the new-label box is the box's", keyPress{Key: "Enter", In: inField}, pickerOpen, action{}},
		{"picker: arrows in the entity menu are the menu's", keyPress{Key: "ArrowDown", In: inMenu}, pickerOpen, action{}},
		{"picker: h in the entity menu is the menu's", keyPress{Key: "h", In: inMenu}, pickerOpen, action{}},
	})
}

// TestKeyActionWithoutSelection covers the keys with nothing selected,
// with and without an open card.
func TestKeyActionWithoutSelection(t *testing.T) {
	runKeyCases(t, []keyCase{
		{"h does nothing", key("h"), nothingShown, action{}},
		{"n does nothing", key("n"), nothingShown, action{}},
		{"t does nothing", key("t"), nothingShown, action{}},
		{"1 does nothing", key("1"), nothingShown, action{}},
		{"Enter is the browser's (a focused button)", key("Enter"), nothingShown, action{}},
		{"Enter even after a tag", key("Enter"), keyState{LastLabel: true, Labels: 5}, action{}},
		{"j opens the next", key("j"), nothingShown, action{Do: doNext}},
		{"k opens the one before", key("k"), nothingShown, action{Do: doPrevious}},
		{"Escape closes", key("Escape"), nothingShown, action{Do: doClose}},
		{"Ctrl+Z undoes", ctrl("z"), nothingShown, action{Do: doUndo}},
		{"Ctrl+Z with Caps Lock", ctrl("Z"), nothingShown, action{Do: doUndo}},
		{"Ctrl+Shift+Z redoes", ctrlShift("Z"), nothingShown, action{Do: doRedo}},
		{"Ctrl+Y redoes", ctrl("y"), nothingShown, action{Do: doRedo}},
		{"Ctrl+S is the browser's", ctrl("s"), nothingShown, action{}},
		{"Delete with no card", key("Delete"), nothingShown, action{}},
		{"card: Delete removes it", key("Delete"), cardOpen, action{Do: doRemove}},
		{"card: Shift+Delete too", keyPress{Key: "Delete", Shift: true}, cardOpen, action{Do: doRemove}},
		{"card: Escape closes it", key("Escape"), cardOpen, action{Do: doClose}},
		{"card: j moves on", key("j"), cardOpen, action{Do: doNext}},
		{"card: Backspace is not Delete", key("Backspace"), cardOpen, action{}},
		{"card: Alt+Delete is the browser's", keyPress{Key: "Delete", Alt: true}, cardOpen, action{}},
	})
}

// TestKeyActionWhileTyping: no shortcut fires while typing in a note, a
// title, a label or a search box, whatever is selected or open; Escape
// still closes, and a menu, which has no text, lets Ctrl+Z undo.
func TestKeyActionWhileTyping(t *testing.T) {
	var cases []keyCase
	for _, k := range []string{"h", "n", "t", "1", "9", "j", "k", "Enter", "Delete"} {
		for _, st := range []keyState{selectedLast, cardOpen, pickerOpen} {
			cases = append(cases,
				keyCase{"typing " + k, keyPress{Key: k, In: inField}, st, action{}},
				keyCase{"in a menu " + k, keyPress{Key: k, In: inMenu}, st, action{}},
			)
		}
	}
	cases = append(cases,
		keyCase{"Ctrl+Z in a note is the box's undo", keyPress{Key: "z", Ctrl: true, In: inField}, cardOpen, action{}},
		keyCase{"Ctrl+Shift+Z in a note is the box's redo", keyPress{Key: "Z", Ctrl: true, Shift: true, In: inField}, cardOpen, action{}},
		keyCase{"Ctrl+Z in a menu undoes", keyPress{Key: "z", Ctrl: true, In: inMenu}, cardOpen, action{Do: doUndo}},
		keyCase{"Ctrl+Y in a menu redoes", keyPress{Key: "y", Ctrl: true, In: inMenu}, cardOpen, action{Do: doRedo}},
		keyCase{"Escape in a note closes the card", keyPress{Key: "Escape", In: inField}, cardOpen, action{Do: doClose}},
		keyCase{"Escape in the new-label box dismisses", keyPress{Key: "Escape", In: inField}, pickerOpen, action{Do: doDismiss}},
	)
	runKeyCases(t, cases)
}

// TestKeyActionReviewingSuggestions: S turns suggestions on and off, ]
// and [ move between them, and with a suggestion's card open A accepts,
// Shift+A accepts all like it, 1–9 accept with a label and R or Delete
// rejects; a selection keeps its own keys, and text boxes theirs.
func TestKeyActionReviewingSuggestions(t *testing.T) {
	on := keyState{Suggesting: true, Labels: 6}
	open := keyState{Suggesting: true, Suggestion: true, Labels: 6}
	selectedOpen := open
	selectedOpen.Selection = true
	runKeyCases(t, []keyCase{
		{"s turns them on", key("s"), nothingShown, action{Do: doSuggest}},
		{"s turns them off", key("s"), on, action{Do: doSuggest}},
		{"Ctrl+S is still the browser's", ctrl("s"), on, action{}},
		{"] goes to the next", key("]"), on, action{Do: doNextSuggestion}},
		{"[ goes to the one before", key("["), open, action{Do: doPrevSuggestion}},
		{"] with them off is nothing", key("]"), nothingShown, action{}},
		{"a with no card is nothing", key("a"), on, action{}},
		{"a accepts", key("a"), open, action{Do: doAccept}},
		{"Shift+A accepts all like it", keyPress{Key: "A", Shift: true}, open, action{Do: doAcceptAlike}},
		{"3 accepts as the third label", key("3"), open, action{Do: doAcceptAs, N: 2}},
		{"7 is past the labels", key("7"), open, action{}},
		{"r rejects", key("r"), open, action{Do: doReject}},
		{"Delete rejects", key("Delete"), open, action{Do: doReject}},
		{"Escape closes the card", key("Escape"), open, action{Do: doClose}},
		{"j still moves between annotations", key("j"), open, action{Do: doNext}},
		{"with a selection, 3 tags it", key("3"), selectedOpen, action{Do: doTag, N: 2}},
		{"with a selection, a is nothing", key("a"), selectedOpen, action{}},
		{"typing a in a box", keyPress{Key: "a", In: inField}, open, action{}},
		{"typing ] in a box", keyPress{Key: "]", In: inField}, open, action{}},
		{"typing s in a box", keyPress{Key: "s", In: inField}, nothingShown, action{}},
		{"r in the label menu is the menu's", keyPress{Key: "r", In: inMenu}, open, action{}},
	})
}
