package webanno

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marginalia/app/annotation"
)

type object = map[string]any

// Decode reads annotations from Web Annotation JSON (a collection with its
// first page embedded, a page, an array, one annotation) or a Hypothesis
// export. Items that are well formed but cannot be placed on a text (a
// page note, a target with no text selector) are listed in Skipped. Input
// that is not one of these forms returns an *Error naming the JSON path
// and the reason; Decode never panics.
func Decode(data []byte) (*Collection, error) {
	if len(data) > MaxSize {
		return nil, &Error{"$", fmt.Sprintf("the file is %d MB, more than the %d MB limit", len(data)>>20, MaxSize>>20)}
	}
	if !utf8.Valid(data) {
		return nil, &Error{"$", "not UTF-8 text (a binary file?)"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, &Error{"$", fmt.Sprintf("not JSON: %v at byte %d", se, se.Offset)}
		}
		if errors.Is(err, io.EOF) {
			return nil, &Error{"$", "empty file"}
		}
		return nil, &Error{"$", "not JSON: " + err.Error()}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &Error{"$", "more data after the JSON value"}
	}
	d := &decoder{c: &Collection{}, entityByKey: map[string]string{}, entities: map[string]*annotation.Entity{}}
	if err := d.root(root); err != nil {
		return nil, err
	}
	for _, a := range d.c.Annotations {
		if d.c.Source == "" && a.Target.Source != "" {
			d.c.Source = a.Target.Source
		}
	}
	for _, id := range d.entityOrder {
		d.c.Entities = append(d.c.Entities, *d.entities[id])
	}
	return d.c, nil
}

type decoder struct {
	c           *Collection
	entities    map[string]*annotation.Entity
	entityOrder []string
	entityByKey map[string]string // IRI or folded name → entity ID
}

func (d *decoder) root(v any) error {
	switch v := v.(type) {
	case []any:
		return d.items(v, "$")
	case object:
		if anns, ok := v["annotations"]; ok {
			return d.hypothesisExport(v, anns)
		}
		types, err := typesOf(v, "$")
		if err != nil {
			return err
		}
		switch {
		case slices.Contains(types, "AnnotationCollection"):
			return d.collection(v)
		case slices.Contains(types, "AnnotationPage"):
			return d.page(v, "$")
		case slices.Contains(types, "Annotation"):
			return d.item(v, "$")
		case len(types) == 0 && v["target"] != nil:
			return d.item(v, "$")
		}
		if len(types) > 0 {
			return &Error{"$", fmt.Sprintf("type %q is not an Annotation, AnnotationPage or AnnotationCollection", strings.Join(types, ", "))}
		}
		return &Error{"$", "not a Web Annotation (no type, no target) nor a Hypothesis export (no annotations)"}
	default:
		return &Error{"$", fmt.Sprintf("want an object or an array, got %s", kind(v))}
	}
}

func (d *decoder) collection(v object) error {
	label, err := optString(v, "label", "$")
	if err != nil {
		return err
	}
	d.c.Label = label
	if d.c.ID, err = optString(v, "id", "$"); err != nil {
		return err
	}
	if d.c.Created, err = optTime(v, "created", "$"); err != nil {
		return err
	}
	first, ok := v["first"]
	if !ok {
		return &Error{"$", "the collection has no first page"}
	}
	switch f := first.(type) {
	case object:
		return d.page(f, "$.first")
	case string:
		return &Error{"$.first", "the first page is a link (" + f + "), not embedded: export it with its items"}
	default:
		return &Error{"$.first", fmt.Sprintf("want a page object, got %s", kind(first))}
	}
}

func (d *decoder) page(v object, path string) error {
	items, ok := v["items"]
	if !ok {
		return &Error{path, "the page has no items"}
	}
	list, ok := items.([]any)
	if !ok {
		return &Error{path + ".items", fmt.Sprintf("want an array, got %s", kind(items))}
	}
	return d.items(list, path+".items")
}

func (d *decoder) items(list []any, path string) error {
	for i, it := range list {
		p := path + "[" + strconv.Itoa(i) + "]"
		obj, ok := it.(object)
		if !ok {
			return &Error{p, fmt.Sprintf("want an annotation object, got %s", kind(it))}
		}
		if err := d.item(obj, p); err != nil {
			return err
		}
	}
	return nil
}

// item reads one W3C annotation, or a Hypothesis one found in an array.
func (d *decoder) item(v object, path string) error {
	if isHypothesis(v) {
		return d.hypothesisAnnotation(v, path)
	}
	a, skip, err := d.annotation(v, path)
	if err != nil {
		return err
	}
	if skip != "" {
		d.c.Skipped = append(d.c.Skipped, Skip{path, skip})
		return nil
	}
	d.c.Annotations = append(d.c.Annotations, a)
	return nil
}

// bodyParts gathers what the bodies of an annotation say.
type bodyParts struct {
	notes      []string
	tags       []string
	label      string
	entityID   string // from the id of an identifying TextualBody
	entityName string
	entityTime time.Time // its modified time
	entityIRI  string
	extra      []string
}

func (d *decoder) annotation(v object, path string) (annotation.Annotation, string, error) {
	var a annotation.Annotation
	types, err := typesOf(v, path)
	if err != nil {
		return a, "", err
	}
	if len(types) > 0 && !slices.Contains(types, "Annotation") {
		return a, "", &Error{path + ".type", fmt.Sprintf("want \"Annotation\", got %q", strings.Join(types, ", "))}
	}
	id, err := optString(v, "id", path)
	if err != nil {
		return a, "", err
	}
	if id == "" {
		return a, "", &Error{path, "the annotation has no id"}
	}
	a.ID = annotation.IDFromIRI(id)
	if a.Created, err = optTime(v, "created", path); err != nil {
		return a, "", err
	}
	if a.Modified, err = optTime(v, "modified", path); err != nil {
		return a, "", err
	}
	if a.Modified.IsZero() {
		a.Modified = a.Created
	}
	motivation, err := firstString(v, "motivation", path)
	if err != nil {
		return a, "", err
	}

	var parts bodyParts
	if bv, ok := v["bodyValue"]; ok {
		s, ok := bv.(string)
		if !ok {
			return a, "", &Error{path + ".bodyValue", fmt.Sprintf("want a string, got %s", kind(bv))}
		}
		parts.notes = append(parts.notes, s)
	}
	if body, ok := v["body"]; ok {
		list, isList := body.([]any)
		if !isList {
			list = []any{body}
		}
		for i, b := range list {
			p := path + ".body"
			if isList {
				p += "[" + strconv.Itoa(i) + "]"
			}
			if err := readBody(b, motivation, p, &parts); err != nil {
				return a, "", err
			}
		}
	}

	target, ok := v["target"]
	if !ok {
		return a, "", &Error{path, "the annotation has no target"}
	}
	color, skip, err := readTarget(target, path+".target", &a.Target)
	if err != nil || skip != "" {
		return a, skip, err
	}

	a.Note = strings.Join(parts.notes, "\n\n")
	a.Tags = parts.tags
	a.Extra = parts.extra
	if parts.label != "" || parts.entityName != "" || parts.entityIRI != "" {
		a.Kind = annotation.Mention
		a.Label = cmp.Or(parts.label, "Other")
		// A mention carries its label as a tag too, for tools that read
		// entity types from tags (Encode): not a tag of its own.
		a.Tags = slices.DeleteFunc(a.Tags, func(t string) bool { return strings.EqualFold(t, a.Label) })
		if len(a.Tags) == 0 {
			a.Tags = nil
		}
		if parts.entityName != "" || parts.entityIRI != "" {
			a.EntityID = d.entity(parts, a.Label, a.Modified)
		}
	} else {
		a.Kind = annotation.Highlight
		a.Color = annotation.Yellow
		if c := annotation.Color(strings.TrimPrefix(color, "marginalia-")); c.Valid() {
			a.Color = c
		}
	}
	if err := a.Validate(); err != nil {
		return a, err.Error(), nil
	}
	return a, "", nil
}

func readBody(b any, motivation, path string, parts *bodyParts) error {
	obj, ok := b.(object)
	if !ok {
		// A link to a body elsewhere: keep it.
		raw, _ := json.Marshal(b)
		parts.extra = append(parts.extra, string(raw))
		return nil
	}
	types, err := typesOf(obj, path)
	if err != nil {
		return err
	}
	purpose, err := firstString(obj, "purpose", path)
	if err != nil {
		return err
	}
	if purpose == "" {
		purpose = motivation
	}
	switch {
	case isTextual(types, obj):
		value, err := optString(obj, "value", path)
		if err != nil {
			return err
		}
		switch purpose {
		case "commenting", "highlighting", "":
			parts.notes = append(parts.notes, value)
			return nil
		case "tagging":
			if value = strings.TrimSpace(value); value != "" {
				parts.tags = append(parts.tags, value)
			}
			return nil
		case "classifying":
			parts.label = strings.TrimSpace(value)
			return nil
		case "identifying":
			// An entity as a TextualBody with an id: files exported by
			// earlier versions of Marginalia still say so, and must
			// import with their entities (see jsonEntityBody).
			return readEntity(obj, path, parts)
		}
	case slices.Contains(types, "SpecificResource") && purpose == "identifying":
		if src, ok := obj["source"].(object); ok {
			if st, _ := typesOf(src, ""); isTextual(st, src) {
				// The entity, with its ID, name and time (jsonEntityBody).
				return readEntity(src, path+".source", parts)
			}
		}
		src, err := sourceOf(obj, path)
		if err != nil {
			return err
		}
		parts.entityIRI = src
		return nil
	}
	// Not a body Marginalia understands: keep it as it came.
	raw, err := json.Marshal(obj)
	if err != nil {
		return &Error{path, err.Error()}
	}
	parts.extra = append(parts.extra, string(raw))
	return nil
}

// isTextual reports whether a body of the given types is a TextualBody:
// by its type, or untyped with a value.
func isTextual(types []string, obj object) bool {
	_, hasValue := obj["value"]
	return slices.Contains(types, "TextualBody") || (len(types) == 0 && hasValue)
}

// readEntity reads the entity a mention names from a TextualBody: its
// name, and its ID and modified time when it has them.
func readEntity(obj object, path string, parts *bodyParts) error {
	value, err := optString(obj, "value", path)
	if err != nil {
		return err
	}
	parts.entityName = strings.TrimSpace(value)
	id, err := optString(obj, "id", path)
	if err != nil {
		return err
	}
	parts.entityID = annotation.IDFromIRI(id)
	parts.entityTime, err = optTime(obj, "modified", path)
	return err
}

// readTarget fills t from a target: an object with a source and
// selectors, an array of targets (the first with a text selector is
// used), or an IRI (no selector). It returns the target's styleClass, or a
// reason to skip the annotation.
func readTarget(v any, path string, t *annotation.Target) (string, string, error) {
	switch v := v.(type) {
	case string:
		t.Source = v
		return "", "the target is a whole document, not a quote", nil
	case []any:
		reason := "no target"
		for i, item := range v {
			var tt annotation.Target
			cls, skip, err := readTarget(item, path+"["+strconv.Itoa(i)+"]", &tt)
			if err != nil {
				return "", "", err
			}
			if skip == "" {
				*t = tt
				return cls, "", nil
			}
			if tt.Source != "" && t.Source == "" {
				t.Source = tt.Source
			}
			reason = skip
		}
		return "", reason, nil
	case object:
		src, err := sourceOf(v, path)
		if err != nil {
			return "", "", err
		}
		t.Source = src
		cls, err := optString(v, "styleClass", path)
		if err != nil {
			return "", "", err
		}
		sel, ok := v["selector"]
		if !ok {
			return cls, "the target has no selector (a page note?)", nil
		}
		list, isList := sel.([]any)
		if !isList {
			list = []any{sel}
		}
		var quote, position bool
		for i, s := range list {
			p := path + ".selector"
			if isList {
				p += "[" + strconv.Itoa(i) + "]"
			}
			q, pos, err := readSelector(s, p, t)
			if err != nil {
				return "", "", err
			}
			quote, position = quote || q, position || pos
		}
		if !quote && !position {
			return cls, "the target has no text quote or position selector", nil
		}
		return cls, "", nil
	default:
		return "", "", &Error{path, fmt.Sprintf("want an object, an array or an IRI, got %s", kind(v))}
	}
}

func readSelector(v any, path string, t *annotation.Target) (quote, position bool, err error) {
	obj, ok := v.(object)
	if !ok {
		return false, false, &Error{path, fmt.Sprintf("want a selector object, got %s", kind(v))}
	}
	types, err := typesOf(obj, path)
	if err != nil {
		return false, false, err
	}
	switch {
	case slices.Contains(types, "TextQuoteSelector"):
		q := &t.Quote
		if q.Exact, err = optString(obj, "exact", path); err != nil {
			return false, false, err
		}
		if q.Exact == "" {
			return false, false, &Error{path + ".exact", "missing or empty"}
		}
		if q.Prefix, err = optString(obj, "prefix", path); err != nil {
			return false, false, err
		}
		if q.Suffix, err = optString(obj, "suffix", path); err != nil {
			return false, false, err
		}
		return true, false, nil
	case slices.Contains(types, "TextPositionSelector"):
		start, err := reqInt(obj, "start", path)
		if err != nil {
			return false, false, err
		}
		end, err := reqInt(obj, "end", path)
		if err != nil {
			return false, false, err
		}
		if start < 0 || end < start {
			return false, false, &Error{path, fmt.Sprintf("bad range: start %d, end %d", start, end)}
		}
		t.Position = annotation.TextPosition{Start: start, End: end}
		return false, true, nil
	}
	return false, false, nil // RangeSelector, CssSelector…: not for plain text
}

// entity returns the ID of the entity an identifying body names, creating
// it on first sight. Bodies are matched by entity ID, else IRI, else name.
func (d *decoder) entity(p bodyParts, label string, modified time.Time) string {
	keys := []string{}
	if p.entityIRI != "" {
		keys = append(keys, "iri:"+p.entityIRI)
	}
	if p.entityName != "" {
		keys = append(keys, "name:"+strings.ToLower(p.entityName))
	}
	id := p.entityID
	if id == "" {
		for _, k := range keys {
			if known, ok := d.entityByKey[k]; ok {
				id = known
				break
			}
		}
	}
	if id == "" {
		// The same name or IRI always gives the same ID, so that importing
		// the file again finds the same entity.
		id = annotation.NameID(keys[0])
	}
	e, ok := d.entities[id]
	if !ok {
		e = &annotation.Entity{ID: id, Label: label}
		d.entities[id] = e
		d.entityOrder = append(d.entityOrder, id)
	}
	if e.Name == "" {
		e.Name = p.entityName
	}
	if e.IRI == "" {
		e.IRI = p.entityIRI
	}
	if e.Name == "" {
		e.Name = e.IRI
	}
	if !p.entityTime.IsZero() {
		modified = p.entityTime
	}
	if modified.After(e.Modified) {
		e.Modified = modified
	}
	for _, k := range keys {
		d.entityByKey[k] = id
	}
	return id
}

// kind names the JSON type of v for error messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case object:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// typesOf returns the "type" (or "@type") of an object: a string or an
// array of strings.
func typesOf(v object, path string) ([]string, error) {
	t, ok := v["type"]
	key := "type"
	if !ok {
		if t, ok = v["@type"]; !ok {
			return nil, nil
		}
		key = "@type"
	}
	switch t := t.(type) {
	case string:
		return []string{t}, nil
	case []any:
		var out []string
		for i, x := range t {
			s, ok := x.(string)
			if !ok {
				return nil, &Error{fmt.Sprintf("%s.%s[%d]", path, key, i), fmt.Sprintf("want a string, got %s", kind(x))}
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, &Error{path + "." + key, fmt.Sprintf("want a string or an array, got %s", kind(t))}
}

func optString(v object, key, path string) (string, error) {
	x, ok := v[key]
	if !ok || x == nil {
		return "", nil
	}
	s, ok := x.(string)
	if !ok {
		return "", &Error{path + "." + key, fmt.Sprintf("want a string, got %s", kind(x))}
	}
	return s, nil
}

// firstString reads a string, or the first string of an array.
func firstString(v object, key, path string) (string, error) {
	if list, ok := v[key].([]any); ok {
		if len(list) == 0 {
			return "", nil
		}
		s, ok := list[0].(string)
		if !ok {
			return "", &Error{path + "." + key + "[0]", fmt.Sprintf("want a string, got %s", kind(list[0]))}
		}
		return s, nil
	}
	return optString(v, key, path)
}

func reqInt(v object, key, path string) (int, error) {
	x, ok := v[key]
	if !ok {
		return 0, &Error{path, "missing " + key}
	}
	n, ok := x.(json.Number)
	if !ok {
		return 0, &Error{path + "." + key, fmt.Sprintf("want a number, got %s", kind(x))}
	}
	i, err := strconv.ParseInt(string(n), 10, 32)
	if err != nil {
		return 0, &Error{path + "." + key, fmt.Sprintf("want a whole number, got %s", n)}
	}
	return int(i), nil
}

func optTime(v object, key, path string) (time.Time, error) {
	s, err := optString(v, key, path)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &Error{path + "." + key, fmt.Sprintf("want a date-time such as 2026-11-25T10:00:00Z, got %q", s)}
	}
	return annotation.Stamp(t), nil
}

// sourceOf reads the source of a target or resource: an IRI, or an object
// with an id.
func sourceOf(v object, path string) (string, error) {
	src, ok := v["source"]
	if !ok {
		return "", nil
	}
	switch s := src.(type) {
	case string:
		return s, nil
	case object:
		return optString(s, "id", path+".source")
	}
	return "", &Error{path + ".source", fmt.Sprintf("want an IRI or an object, got %s", kind(src))}
}
