// Package webanno writes and reads annotations as W3C Web Annotation
// JSON-LD (https://www.w3.org/TR/annotation-model/), and reads Hypothesis
// exports.
//
// Encode writes an AnnotationCollection with its first AnnotationPage
// embedded. Decode reads that, a page, an array of annotations, a single
// annotation, or a Hypothesis export ({"export_date": …, "annotations": […]}).
//
// Selector offsets count Unicode code points, as the model says. Hypothesis
// positions count UTF-16 units of a whole web page, so Decode drops them and
// the quote alone finds the text.
package webanno

import (
	"time"

	"marginalia/app/annotation"
)

// Context is the JSON-LD context of the Web Annotation vocabulary.
const Context = "http://www.w3.org/ns/anno.jsonld"

// MaxSize is the largest input Decode reads, in bytes.
const MaxSize = 20 << 20

// GeneratorIRI identifies Marginalia as the generator of its exports.
const GeneratorIRI = "urn:marginalia:app"

// A Collection is an article's annotations, as exported and imported.
type Collection struct {
	// ID is the collection's IRI; Encode derives one from Source if empty.
	ID string
	// Label is the article's title.
	Label string
	// Source is the article's IRI, the source of every target. Decode sets
	// it to the source of the first target that has one.
	Source string
	// Created is when the export was made.
	Created time.Time
	// Annotations are the live annotations; Encode skips tombstones.
	Annotations []annotation.Annotation
	// Entities are those the mentions refer to.
	Entities []annotation.Entity
	// Skipped lists what Decode could not turn into an annotation, such
	// as a page note with no text selector.
	Skipped []Skip
}

// A Skip is an item of the input that Decode left out, and why.
type Skip struct {
	Path   string // JSON path of the item, such as $.annotations[3]
	Reason string
}

// An Error reports input that is not Web Annotation JSON, with the JSON
// path of the problem.
type Error struct {
	Path   string // such as $.first.items[2].target.selector[0].start
	Reason string
}

func (e *Error) Error() string { return "webanno: " + e.Path + ": " + e.Reason }

// timeFormat writes times as xsd:dateTime in UTC to the millisecond.
const timeFormat = "2006-01-02T15:04:05.000Z"

// styleClass is the CSS class that carries a highlight colour.
func styleClass(c annotation.Color) string { return "marginalia-" + string(c) }

// colorCSS are the colours of the style sheet that exports carry.
var colorCSS = map[annotation.Color]string{
	annotation.Yellow: "#fde68a",
	annotation.Green:  "#bbf7d0",
	annotation.Blue:   "#bfdbfe",
	annotation.Pink:   "#fbcfe8",
	annotation.Purple: "#ddd6fe",
}
