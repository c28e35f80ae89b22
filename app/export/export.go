// Package export writes an article's annotations in the formats readers
// and NLP tools take elsewhere: Markdown for reading, brat standoff and
// CoNLL-style IOB for named-entity data. (W3C Web Annotation JSON, which
// round-trips, is package webanno.) It is pure: no browser API.
package export

import (
	"strings"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/render"
)

// A Doc is what an export holds: the article, its live annotations as
// anchored now, in document order, their entities, and the notebook.
type Doc struct {
	Article  article.Article
	Placed   []render.Placed
	Entities func(id string) (annotation.Entity, bool)
	Notebook string
}

// entity returns the entity of a mention, if it has one.
func (d Doc) entity(p render.Placed) (annotation.Entity, bool) {
	if p.EntityID == "" || d.Entities == nil {
		return annotation.Entity{}, false
	}
	e, ok := d.Entities(p.EntityID)
	return e, ok && !e.Deleted
}

// placed reports whether p was found in the text.
func placed(p render.Placed) bool { return p.Match.Method != anchor.Orphan }

// mentions returns the placed entity mentions of d, in document order.
func (d Doc) mentions() []render.Placed {
	var ms []render.Placed
	for _, p := range d.Placed {
		if p.Kind == annotation.Mention && placed(p) && !p.Deleted {
			ms = append(ms, p)
		}
	}
	return ms
}

// labelType turns a label into a brat type or IOB tag name: no white
// space (brat splits on it) and nothing but letters, digits, "-" and "_".
func labelType(label string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(label) {
		switch {
		case r == '-' || r == '_' || r == '.' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r > 127 && !isSpace(r):
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 {
		return "Entity"
	}
	return b.String()
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u2028' || r == '\u2029' || r == '\u200b' || r == '\u3000' || (r >= '\u2000' && r <= '\u200a')
}

// oneLine folds a multi-line text (a note) onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
