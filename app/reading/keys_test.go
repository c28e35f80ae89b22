package reading

import "testing"

var (
	nothingShown = KeyState{Labels: 5}
	selected     = KeyState{Selection: true, Labels: 5}
	selectedLast = KeyState{Selection: true, Labels: 5, LastLabel: true}
	cardOpen     = KeyState{Card: true, Labels: 5}
	pickerOpen   = KeyState{Selection: true, Picker: true, Labels: 5}
)

func key(k string) KeyPress { return KeyPress{Key: k} }

func ctrl(k string) KeyPress { return KeyPress{Key: k, Ctrl: true} }

func ctrlShift(k string) KeyPress { return KeyPress{Key: k, Ctrl: true, Shift: true} }

type keyCase struct {
	name  string
	press KeyPress
	state KeyState
	want  Action
}

func runKeyCases(t *testing.T, cases []keyCase) {
	t.Helper()
	for _, tt := range cases {
		if got := KeyAction(tt.press, tt.state); got != tt.want {
			t.Errorf("%s: %+v in %+v gives %+v, want %+v", tt.name, tt.press, tt.state, got, tt.want)
		}
	}
}

// TestKeyActionWithSelection covers every documented key with text
// selected in the article, and with the label picker open over it.
func TestKeyActionWithSelection(t *testing.T) {
	runKeyCases(t, []keyCase{
		{"h highlights", key("h"), selected, Action{Do: DoHighlight}},
		{"n adds a note", key("n"), selected, Action{Do: DoNote}},
		{"t opens the labels", key("t"), selected, Action{Do: DoOpenPicker}},
		{"1 tags with the first label", key("1"), selected, Action{Do: DoTag, N: 0}},
		{"5 tags with the fifth", key("5"), selected, Action{Do: DoTag, N: 4}},
		{"6 is past the labels", key("6"), selected, Action{}},
		{"9 with nine labels", key("9"), KeyState{Selection: true, Labels: 9}, Action{Do: DoTag, N: 8}},
		{"Enter tags with the last label", key("Enter"), selectedLast, Action{Do: DoTagLast}},
		{"Enter with no label yet opens the labels", key("Enter"), selected, Action{Do: DoOpenPicker}},
		{"Escape dismisses", key("Escape"), selected, Action{Do: DoDismiss}},
		{"j still moves", key("j"), selected, Action{Do: DoNext}},
		{"k still moves", key("k"), selected, Action{Do: DoPrevious}},
		{"Ctrl+Z undoes", ctrl("z"), selected, Action{Do: DoUndo}},
		{"Shift+H is not h", KeyPress{Key: "H", Shift: true}, selected, Action{}},
		{"Ctrl+H is the browser's", ctrl("h"), selected, Action{}},
		{"Alt+H is the browser's", KeyPress{Key: "h", Alt: true}, selected, Action{}},
		{"Delete with no card", key("Delete"), selected, Action{}},
		{"other letters", key("x"), selected, Action{}},
		// The label picker is the toolbar's dialog: its buttons and keys.
		{"picker: 2 tags", key("2"), pickerOpen, Action{Do: DoTag, N: 1}},
		{"picker: Escape closes it and the selection", key("Escape"), pickerOpen, Action{Do: DoDismiss}},
		{"picker without a selection: Escape closes it", key("Escape"), KeyState{Picker: true}, Action{Do: DoDismiss}},
		{"picker: typing a new label is text", KeyPress{Key: "2", In: InField}, pickerOpen, Action{}},
		{"picker: Enter in the new-label box is the box's", KeyPress{Key: "Enter", In: InField}, pickerOpen, Action{}},
		{"picker: arrows in the entity menu are the menu's", KeyPress{Key: "ArrowDown", In: InMenu}, pickerOpen, Action{}},
		{"picker: h in the entity menu is the menu's", KeyPress{Key: "h", In: InMenu}, pickerOpen, Action{}},
	})
}

// TestKeyActionWithoutSelection covers the keys with nothing selected,
// with and without an open card.
func TestKeyActionWithoutSelection(t *testing.T) {
	runKeyCases(t, []keyCase{
		{"h does nothing", key("h"), nothingShown, Action{}},
		{"n does nothing", key("n"), nothingShown, Action{}},
		{"t does nothing", key("t"), nothingShown, Action{}},
		{"1 does nothing", key("1"), nothingShown, Action{}},
		{"Enter is the browser's (a focused button)", key("Enter"), nothingShown, Action{}},
		{"Enter even after a tag", key("Enter"), KeyState{LastLabel: true, Labels: 5}, Action{}},
		{"j opens the next", key("j"), nothingShown, Action{Do: DoNext}},
		{"k opens the one before", key("k"), nothingShown, Action{Do: DoPrevious}},
		{"Escape closes", key("Escape"), nothingShown, Action{Do: DoClose}},
		{"Ctrl+Z undoes", ctrl("z"), nothingShown, Action{Do: DoUndo}},
		{"Ctrl+Z with Caps Lock", ctrl("Z"), nothingShown, Action{Do: DoUndo}},
		{"Ctrl+Shift+Z redoes", ctrlShift("Z"), nothingShown, Action{Do: DoRedo}},
		{"Ctrl+Y redoes", ctrl("y"), nothingShown, Action{Do: DoRedo}},
		{"Ctrl+S is the browser's", ctrl("s"), nothingShown, Action{}},
		{"Delete with no card", key("Delete"), nothingShown, Action{}},
		{"card: Delete removes it", key("Delete"), cardOpen, Action{Do: DoRemove}},
		{"card: Shift+Delete too", KeyPress{Key: "Delete", Shift: true}, cardOpen, Action{Do: DoRemove}},
		{"card: Escape closes it", key("Escape"), cardOpen, Action{Do: DoClose}},
		{"card: j moves on", key("j"), cardOpen, Action{Do: DoNext}},
		{"card: Backspace is not Delete", key("Backspace"), cardOpen, Action{}},
		{"card: Alt+Delete is the browser's", KeyPress{Key: "Delete", Alt: true}, cardOpen, Action{}},
	})
}

// TestKeyActionWhileTyping: no shortcut fires while typing in a note, a
// title, a label or a search box, whatever is selected or open; Escape
// still closes, and a menu, which has no text, lets Ctrl+Z undo.
func TestKeyActionWhileTyping(t *testing.T) {
	var cases []keyCase
	for _, k := range []string{"h", "n", "t", "1", "9", "j", "k", "Enter", "Delete"} {
		for _, st := range []KeyState{selectedLast, cardOpen, pickerOpen} {
			cases = append(cases,
				keyCase{"typing " + k, KeyPress{Key: k, In: InField}, st, Action{}},
				keyCase{"in a menu " + k, KeyPress{Key: k, In: InMenu}, st, Action{}},
			)
		}
	}
	cases = append(cases,
		keyCase{"Ctrl+Z in a note is the box's undo", KeyPress{Key: "z", Ctrl: true, In: InField}, cardOpen, Action{}},
		keyCase{"Ctrl+Shift+Z in a note is the box's redo", KeyPress{Key: "Z", Ctrl: true, Shift: true, In: InField}, cardOpen, Action{}},
		keyCase{"Ctrl+Z in a menu undoes", KeyPress{Key: "z", Ctrl: true, In: InMenu}, cardOpen, Action{Do: DoUndo}},
		keyCase{"Ctrl+Y in a menu redoes", KeyPress{Key: "y", Ctrl: true, In: InMenu}, cardOpen, Action{Do: DoRedo}},
		keyCase{"Escape in a note closes the card", KeyPress{Key: "Escape", In: InField}, cardOpen, Action{Do: DoClose}},
		keyCase{"Escape in the new-label box dismisses", KeyPress{Key: "Escape", In: InField}, pickerOpen, Action{Do: DoDismiss}},
	)
	runKeyCases(t, cases)
}

// TestKeyActionReviewingSuggestions: S turns suggestions on and off, ]
// and [ move between them, and with a suggestion's card open A accepts,
// Shift+A accepts all like it, 1–9 accept with a label and R or Delete
// rejects; a selection keeps its own keys, and text boxes theirs.
func TestKeyActionReviewingSuggestions(t *testing.T) {
	on := KeyState{Suggesting: true, Labels: 6}
	open := KeyState{Suggesting: true, Suggestion: true, Labels: 6}
	selectedOpen := open
	selectedOpen.Selection = true
	runKeyCases(t, []keyCase{
		{"s turns them on", key("s"), nothingShown, Action{Do: DoSuggest}},
		{"s turns them off", key("s"), on, Action{Do: DoSuggest}},
		{"Ctrl+S is still the browser's", ctrl("s"), on, Action{}},
		{"] goes to the next", key("]"), on, Action{Do: DoNextSuggestion}},
		{"[ goes to the one before", key("["), open, Action{Do: DoPrevSuggestion}},
		{"] with them off is nothing", key("]"), nothingShown, Action{}},
		{"a with no card is nothing", key("a"), on, Action{}},
		{"a accepts", key("a"), open, Action{Do: DoAccept}},
		{"Shift+A accepts all like it", KeyPress{Key: "A", Shift: true}, open, Action{Do: DoAcceptAlike}},
		{"3 accepts as the third label", key("3"), open, Action{Do: DoAcceptAs, N: 2}},
		{"7 is past the labels", key("7"), open, Action{}},
		{"r rejects", key("r"), open, Action{Do: DoReject}},
		{"Delete rejects", key("Delete"), open, Action{Do: DoReject}},
		{"Escape closes the card", key("Escape"), open, Action{Do: DoClose}},
		{"j still moves between annotations", key("j"), open, Action{Do: DoNext}},
		{"with a selection, 3 tags it", key("3"), selectedOpen, Action{Do: DoTag, N: 2}},
		{"with a selection, a is nothing", key("a"), selectedOpen, Action{}},
		{"typing a in a box", KeyPress{Key: "a", In: InField}, open, Action{}},
		{"typing ] in a box", KeyPress{Key: "]", In: InField}, open, Action{}},
		{"typing s in a box", KeyPress{Key: "s", In: InField}, nothingShown, Action{}},
		{"r in the label menu is the menu's", KeyPress{Key: "r", In: InMenu}, open, Action{}},
	})
}
