// Package annotation is Marginalia's model: highlights, entity mentions and
// notes on an article, the entities that mentions refer to, and the Set that
// holds them with undo, redo and a loss-free merge.
//
// Offsets in a Target count Unicode code points of the article's canonical
// text (see package article), as W3C Web Annotation selectors do.
package annotation

import (
	"crypto/rand"
	"crypto/sha1"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Kind says what an annotation is. A note is a highlight with a Note.
type Kind string

const (
	Highlight Kind = "highlight" // a highlighted quote, maybe with a note
	Mention   Kind = "mention"   // a named-entity mention, with a label
)

// Color is one of the five named highlight colours.
type Color string

const (
	Yellow Color = "yellow"
	Green  Color = "green"
	Blue   Color = "blue"
	Pink   Color = "pink"
	Purple Color = "purple"
)

// Colors lists the highlight colours in the order the UI offers them.
var Colors = []Color{Yellow, Green, Blue, Pink, Purple}

// Valid reports whether c is one of Colors.
func (c Color) Valid() bool { return slices.Contains(Colors, c) }

// DefaultLabels are the entity labels every article starts with; users may
// add more.
var DefaultLabels = []string{"Person", "Organization", "Location", "Event", "Date", "Other"}

// A TextQuote is the quoted text with up to 32 code points of context on
// each side, as in a W3C TextQuoteSelector.
type TextQuote struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

// A TextPosition is the half-open range [Start, End) of code points, as in a
// W3C TextPositionSelector.
type TextPosition struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// A Target is where an annotation points: the article (Source, its IRI),
// and both selectors, so that it can be found again after the text changes.
type Target struct {
	Source   string       `json:"source,omitempty"`
	Quote    TextQuote    `json:"quote"`
	Position TextPosition `json:"position"`
}

// An Annotation is a highlight or an entity mention on an article.
type Annotation struct {
	// ID is a random UUID for annotations made here (exported as
	// urn:uuid:ID), or the full IRI of an imported one.
	ID   string `json:"id"`
	Kind Kind   `json:"kind,omitempty"`
	// Color is the colour of a highlight; mentions take their label's.
	Color Color `json:"color,omitempty"`
	// Label is the entity label of a mention ("Person", …).
	Label string `json:"label,omitempty"`
	// EntityID is the entity a mention refers to; empty if none yet.
	EntityID string `json:"entity,omitempty"`
	// Note is plain text, possibly of several lines.
	Note string   `json:"note,omitempty"`
	Tags []string `json:"tags,omitempty"`
	// Created and Modified are kept to the millisecond.
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
	// Deleted marks a tombstone: a deletion that merges must see.
	Deleted bool   `json:"deleted,omitempty"`
	Target  Target `json:"target"`
	// Extra holds bodies of imported annotations that Marginalia does not
	// understand, as JSON, so that an export gives them back.
	Extra []string `json:"extra,omitempty"`
}

// An Entity is what mentions refer to: "Kerry", "John Kerry" and "Kerry’s"
// can all be mentions of the entity named "John Kerry".
type Entity struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`  // canonical name
	IRI   string `json:"iri,omitempty"`   // optional, such as a Wikidata URL
	Label string `json:"label,omitempty"` // the label of its mentions, when they agree
	// Modified is kept to the millisecond.
	Modified time.Time `json:"modified"`
	Deleted  bool      `json:"deleted,omitempty"`
}

// isUUID reports whether s is a UUID in lower case:
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx of hex digits.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

// NewID returns a random (version 4) UUID.
func NewID() string {
	var b [16]byte
	rand.Read(b[:]) // never returns an error (crypto/rand)
	return FormatUUID(b, 4)
}

// NameID returns the name-based (version 5) UUID of name: the same name
// always gives the same ID, so that importing a file again finds the
// entities it made the first time.
func NameID(name string) string {
	sum := sha1.Sum([]byte(name))
	return FormatUUID([16]byte(sum[:16]), 5)
}

// FormatUUID writes 16 bytes as a UUID of the given version (4: random,
// 5: from a name's SHA-1), in lower case. It is the one UUID formatter:
// google/uuid's, which go-app links in anyway.
func FormatUUID(b [16]byte, version byte) string {
	b[6] = b[6]&0x0f | version<<4
	b[8] = b[8]&0x3f | 0x80
	return uuid.UUID(b).String()
}

// IRI returns the identifier of an annotation or entity ID as an IRI:
// urn:uuid:ID for a UUID, the ID itself when it already is an IRI.
func IRI(id string) string {
	if isUUID(id) {
		return "urn:uuid:" + id
	}
	if strings.Contains(id, ":") {
		return id
	}
	return "urn:marginalia:" + id
}

// IDFromIRI is the inverse of IRI.
func IDFromIRI(iri string) string {
	if id, ok := strings.CutPrefix(iri, "urn:uuid:"); ok && isUUID(strings.ToLower(id)) {
		return strings.ToLower(id)
	}
	if id, ok := strings.CutPrefix(iri, "urn:marginalia:"); ok && !strings.Contains(id, ":") {
		return id
	}
	return iri
}

// Stamp returns t in UTC truncated to the millisecond, the precision
// that times keep through an export, and within the years 1 to 9999 that
// records and exports can write: a time before is no time (zero), a time
// after is MaxTime. (An imported "0000-01-01T00:00:00+00:01" is year −1
// in UTC, and "9999-12-31T23:59:59.999Z" is year 10000 after one edit:
// either made every later save of its article fail.)
func Stamp(t time.Time) time.Time {
	t = t.UTC().Truncate(time.Millisecond)
	switch {
	case t.Year() < 1:
		return time.Time{}
	case t.After(MaxTime):
		return MaxTime
	}
	return t
}

// MaxTime is the latest time a record keeps: a day short of the year
// 10000, so that the millisecond an edit adds to the time before it can
// never leave the years JSON and the W3C format can write.
var MaxTime = time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC)

// A ValidationError says what is wrong with an annotation or entity.
type ValidationError struct {
	ID     string
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("annotation %s: %s", e.ID, e.Reason)
}

// ErrNotFound is returned for an ID that a Set does not hold.
var ErrNotFound = errors.New("annotation: no such annotation")

// Validate checks that a is well formed. Tombstones need only an ID.
func (a *Annotation) Validate() error {
	bad := func(format string, args ...any) error {
		return &ValidationError{ID: a.ID, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case a.ID == "":
		return bad("no ID")
	case a.Deleted:
		return nil
	case a.Kind != Highlight && a.Kind != Mention:
		return bad("unknown kind %q", a.Kind)
	case a.Kind == Highlight && !a.Color.Valid():
		return bad("unknown colour %q", a.Color)
	case a.Kind == Mention && strings.TrimSpace(a.Label) == "":
		return bad("a mention without a label")
	case a.Target.Position.Start < 0 || a.Target.Position.End < a.Target.Position.Start:
		return bad("bad position [%d,%d)", a.Target.Position.Start, a.Target.Position.End)
	case a.Target.Quote.Exact == "" && a.Target.Position.End == a.Target.Position.Start:
		return bad("neither a quote nor a position")
	}
	return nil
}

// Validate checks that e is well formed. Tombstones need only an ID.
func (e *Entity) Validate() error {
	switch {
	case e.ID == "":
		return &ValidationError{ID: e.ID, Reason: "entity without ID"}
	case e.Deleted:
		return nil
	case strings.TrimSpace(e.Name) == "":
		return &ValidationError{ID: e.ID, Reason: "entity without a name"}
	}
	return nil
}

// clone returns a copy of a that shares no slice with it.
func (a Annotation) clone() Annotation {
	a.Tags = slices.Clone(a.Tags)
	a.Extra = slices.Clone(a.Extra)
	return a
}
