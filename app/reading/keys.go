package reading

// The reader's shortcuts, as a decision: keyAction takes a key press and
// what the reader shows, and returns what to do. It reads no DOM, so
// every key is tested on the host (keys_test.go); the reader's keydown
// listener only describes the event and carries out the action.

// A KeyPress is one keydown: the key's value (KeyboardEvent.key), its
// modifiers, and where the focus is.
type KeyPress struct {
	Key   string
	Ctrl  bool // Ctrl, or Cmd on a Mac
	Shift bool
	Alt   bool
	In    KeyTarget
}

// KeyTarget is where the focus is when a key is pressed.
type KeyTarget int

const (
	OnPage  KeyTarget = iota // the article, a button, nothing in particular
	InField                  // a text box: input, textarea, contenteditable
	InMenu                   // a select
)

// KeyState is what of the reader's state the shortcuts depend on.
type KeyState struct {
	Selection bool // text is selected in the article
	Picker    bool // the label picker is open
	Card      bool // an annotation's card is open
	Labels    int  // how many entity labels there are
	LastLabel bool // a label was used: Enter tags with it
	// Suggesting says entity suggestions are on; Suggestion, that a
	// suggestion's card is open.
	Suggesting, Suggestion bool
}

// Verb is what a shortcut does.
type Verb int

const (
	DoNothing        Verb = iota
	DoDismiss             // forget the selection, close the picker
	DoClose               // close the open card and the tag-all offer
	DoUndo                // undo the last step
	DoRedo                // redo it
	DoHighlight           // highlight the selection in the last colour
	DoNote                // highlight the selection and open its note
	DoOpenPicker          // open the label picker
	DoTag                 // tag the selection with label N
	DoTagLast             // tag the selection with the last label used
	DoRemove              // delete the open annotation
	DoNext                // open the next annotation
	DoPrevious            // open the one before
	DoSuggest             // turn entity suggestions on or off
	DoNextSuggestion      // open the next suggestion
	DoPrevSuggestion      // open the suggestion before
	DoAccept              // accept the open suggestion
	DoAcceptAlike         // accept it and every suggestion like it
	DoAcceptAs            // accept it with label N
	DoReject              // reject it

	// What the reader's controls ask for, besides the keys' verbs. ID is
	// the annotation (or entity, or suggestion) they act on.
	DoTogglePicker    // open or close the label picker
	DoPickLink        // link the selection's mention to Link
	DoTagAs           // tag the selection with the label Text
	DoTagAll          // tag the other occurrences the offer lists
	DoDropOffer       // dismiss the tag-all offer
	DoRemoveID        // delete the annotation ID
	DoOpen            // open ID's card
	DoToggle          // open ID's card, or close it if open
	DoAttach          // attach the orphan ID to the selection
	DoToggleSidebar   // open or close the sidebar
	DoShowSidebar     // open the sidebar
	DoSetNote         // set ID's note to Text
	DoSetNotebook     // set the notebook to Text
	DoRemoveTag       // take the tag Text off ID
	DoSetColor        // colour the highlight ID with the colour Text
	DoSetLabel        // give the mention ID the label Text
	DoRelink          // link the mention ID to Link
	DoRenameEntity    // rename the entity ID to Text, with the link IRI
	DoMergeEntity     // merge the entity ID into the entity Text
	DoSay             // show the status Text
	DoExport          // download the annotations in the format Text
	DoCopy            // copy them in the format Text
	DoCopyLink        // copy a link to ID
	DoDownloadUnread  // download the stored record this version cannot read
	DoDownloadBackup  // download the copy kept of an unreadable record
	DoDismissCorrupt  // dismiss the unreadable record's banner
	DoSetSpace        // keep Text as what Settings says of the space used
	DoDeleteArticle   // delete the article's data
	DoDeleteAll       // delete everything kept in this browser
	DoOpenSuggestion  // open the card of the suggestion ID
	DoSuggestionLabel // accept the open suggestion with the label Text
	DoCloseSuggestion // close its card
)

// An Action is a Verb with what it acts on: the label number of a
// shortcut (for DoTag, from 0), or what a control names.
type Action struct {
	Do   Verb
	N    int
	ID   string
	Text string
	IRI  string
	Link EntityLink
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
	when  func(KeyState) bool // nil: always
	do    Verb
}

func hasSelection(s KeyState) bool      { return s.Selection }
func hasCard(s KeyState) bool           { return s.Card }
func selectionOrPicker(s KeyState) bool { return s.Selection || s.Picker }
func suggesting(s KeyState) bool        { return s.Suggesting }
func reviewing(s KeyState) bool         { return s.Suggestion && !s.Selection }

// keyTable is every shortcut, in the order they are tried: the first row
// that matches decides. The README's keyboard section lists them.
var keyTable = []binding{
	{keys: []string{"Escape"}, from: fromAnywhere, when: selectionOrPicker, do: DoDismiss},
	{keys: []string{"Escape"}, from: fromAnywhere, do: DoClose},
	{keys: []string{"z", "Z"}, ctrl: true, shift: -1, from: fromMenuToo, do: DoUndo},
	{keys: []string{"z", "Z"}, ctrl: true, shift: 1, from: fromMenuToo, do: DoRedo},
	{keys: []string{"y"}, ctrl: true, from: fromMenuToo, do: DoRedo},
	{keys: []string{"h"}, when: hasSelection, do: DoHighlight},
	{keys: []string{"n"}, when: hasSelection, do: DoNote},
	{keys: []string{"t"}, when: hasSelection, do: DoOpenPicker},
	{keys: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, when: hasSelection, do: DoTag},
	{keys: []string{"Enter"}, when: func(s KeyState) bool { return s.Selection && s.LastLabel }, do: DoTagLast},
	{keys: []string{"Enter"}, when: hasSelection, do: DoOpenPicker},
	{keys: []string{"a"}, shift: -1, when: reviewing, do: DoAccept},
	{keys: []string{"A"}, shift: 1, when: reviewing, do: DoAcceptAlike},
	{keys: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, when: reviewing, do: DoAcceptAs},
	{keys: []string{"r", "Delete"}, when: reviewing, do: DoReject},
	{keys: []string{"]"}, when: suggesting, do: DoNextSuggestion},
	{keys: []string{"["}, when: suggesting, do: DoPrevSuggestion},
	{keys: []string{"s"}, shift: -1, do: DoSuggest},
	{keys: []string{"Delete"}, when: hasCard, do: DoRemove},
	{keys: []string{"j"}, do: DoNext},
	{keys: []string{"k"}, do: DoPrevious},
}

// KeyAction returns what a key press does in state s: doNothing for a key
// that is not a shortcut there, which the browser then handles as usual.
func KeyAction(k KeyPress, s KeyState) Action {
	for _, b := range keyTable {
		if a, ok := b.match(k, s); ok {
			return a
		}
	}
	return Action{}
}

// match reports whether b applies to k in s, and its action.
func (b binding) match(k KeyPress, s KeyState) (Action, bool) {
	n := -1
	for i, key := range b.keys {
		if key == k.Key {
			n = i
		}
	}
	if n < 0 {
		return Action{}, false
	}
	if b.from != fromAnywhere {
		// Text boxes keep their own keys, Ctrl+Z and Alt combinations
		// included.
		if k.Alt || k.Ctrl != b.ctrl || k.In == InField || k.In == InMenu && b.from != fromMenuToo {
			return Action{}, false
		}
		if b.shift > 0 && !k.Shift || b.shift < 0 && k.Shift {
			return Action{}, false
		}
	}
	if b.when != nil && !b.when(s) {
		return Action{}, false
	}
	a := Action{Do: b.do}
	if b.do == DoTag || b.do == DoAcceptAs {
		if n >= s.Labels {
			return Action{}, false
		}
		a.N = n
	}
	return a, true
}
