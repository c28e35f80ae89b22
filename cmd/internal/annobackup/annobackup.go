// Package annobackup converts between a container of the annotation server
// (a user's or a group's, in an annostore.Store) and the backup file the
// browser's Back up everything writes and Restore from backup reads (see
// marginalia/app/backup), so that nobody is locked into the server:
// Export writes a container as a backup, Import merges a backup into one.
//
// The server keeps a library as two kinds of documents:
//
//   - Each annotation is an annostore.Annotation document: one W3C Web
//     Annotation as JSON, the article's IRI its target
//     (urn:marginalia:article:ID), its ID the last segment of the
//     annotation's own IRI (DocID), and that IRI in "via". A mention's
//     entity is in its bodies (an identifying SpecificResource whose
//     source is the entity, as app/webanno writes it), so entities travel
//     with their mentions.
//   - Everything else of an article is an annostore.Article document, its
//     ID the article's ID and its body a Record: the title, the source of
//     an article added in the browser, the labels, the notebook and the
//     rejected suggestions.
package annobackup

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"marginalia/app/backup"
)

// Record is the body of an article's library document: the backup's
// article without its annotations, with the suggestions the reader
// rejected. As JSON:
//
//	{
//	  "id": "05809a90a204350d",
//	  "title": "Kerry Leaves Israel…",
//	  "iri": "urn:marginalia:article:05809a90a204350d",
//	  "added": {"slug": "…", "format": "text", "at": "2026-…Z", "source": "…"},
//	  "labels": ["Person", …],
//	  "notebook": "…",
//	  "rejected": [{"start": 10, "end": 21, "text": "Ban Ki-Moon", "label": "Person"}]
//	}
//
// "iri" is the target source of the article's annotations (list them with
// ?target=). "added" is there for an article added in the browser (its
// source text, from which the article is parsed again, with the same ID),
// and absent for one that comes with the app. "labels", "notebook" and
// "rejected" are left out when empty.
type Record struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	IRI      string        `json:"iri"`
	Added    *backup.Added `json:"added,omitempty"`
	Labels   []string      `json:"labels,omitempty"`
	Notebook string        `json:"notebook,omitempty"`
	Rejected []Rejection   `json:"rejected,omitempty"`
}

// A Rejection is an entity suggestion the reader rejected, as the reader
// keeps it (under store.RejectedKey): its span in code points, its text
// and its label.
type Rejection struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

// ArticleIRI is the IRI of the article with that ID, the target source of
// its annotations (as article.Article.IRI).
func ArticleIRI(id string) string { return "urn:marginalia:article:" + id }

// maxID is the longest document ID the store keeps.
const maxID = 128

// DocID is the document ID of the annotation whose own IRI is iri: the
// IRI's last segment (after the last "/", ":" or "#"), such as the UUID of
// urn:uuid:…, when it is a safe path segment ([A-Za-z0-9._~-], at most 128
// bytes, not "." or ".."); otherwise (and for an empty segment) "h-" and
// the first 32 hex digits of the IRI's SHA-256, so that the same IRI
// always gives the same ID.
func DocID(iri string) string {
	seg := iri[strings.LastIndexAny(iri, "/:#")+1:]
	if SafeID(seg) {
		return seg
	}
	return hashID(iri)
}

// hashID is the ID DocID falls back on, and the one Import takes when the
// last segment of an IRI is another annotation's ID.
func hashID(iri string) string {
	sum := sha256.Sum256([]byte(iri))
	return "h-" + hex.EncodeToString(sum[:16])
}

// SafeID reports whether s can be a document ID: a path segment of
// [A-Za-z0-9._~-], at most 128 bytes, neither "." nor "..".
func SafeID(s string) bool {
	if s == "" || len(s) > maxID || s == "." || s == ".." {
		return false
	}
	for i := range len(s) {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.', c == '_', c == '~', c == '-':
		default:
			return false
		}
	}
	return true
}
