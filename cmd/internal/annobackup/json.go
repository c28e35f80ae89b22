package annobackup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// object is a JSON object decoded with numbers kept as they are written.
type object = map[string]any

// decodeObject decodes one JSON object, numbers as json.Number.
func decodeObject(data []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var o object
	if err := dec.Decode(&o); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("more data after the JSON object")
	}
	if o == nil {
		return nil, errors.New("not a JSON object")
	}
	return o, nil
}

// decodeAny decodes one JSON value, numbers as json.Number.
func decodeAny(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// marshal writes JSON as it is, without escaping <, > and & (annotations
// are read by people too).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// marshalIndent is marshal, indented as the browser's backup is.
func marshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// originalID is the annotation's own IRI: "via" when the server minted
// another id (as the protocol's POST does), else "id".
func originalID(a object) string {
	switch v := a["via"].(type) {
	case string:
		if v != "" {
			return v
		}
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				return s
			}
		}
	}
	s, _ := a["id"].(string)
	return s
}

// TargetSource is the source of an annotation's (first) target: the
// IRI its ?target= listing is keyed by.
func TargetSource(a object) string {
	t := a["target"]
	if l, ok := t.([]any); ok && len(l) > 0 {
		t = l[0]
	}
	switch t := t.(type) {
	case string:
		return t
	case object:
		if s, ok := t["source"].(string); ok {
			return s
		}
		if s, ok := t["id"].(string); ok {
			return s
		}
	}
	return ""
}

// bodies are an annotation's bodies that are objects.
func bodies(a object) []object {
	var out []object
	add := func(v any) {
		if o, ok := v.(object); ok {
			out = append(out, o)
		}
	}
	if l, ok := a["body"].([]any); ok {
		for _, b := range l {
			add(b)
		}
	} else {
		add(a["body"])
	}
	return out
}

// entitySource is the entity an identifying body names (its source
// object, with an id), or nil.
func entitySource(b object) object {
	if b["purpose"] != "identifying" {
		return nil
	}
	src, ok := b["source"].(object)
	if !ok {
		return nil
	}
	if id, _ := src["id"].(string); id == "" {
		return nil
	}
	return src
}

// timeOf reads an xsd:dateTime member; zero when absent or unreadable.
func timeOf(o object, name string) time.Time {
	s, _ := o[name].(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// version is when an annotation last changed: the latest of its modified
// (or created) time and the modified times of the entities its bodies
// name (renaming an entity changes its mentions' bodies, not their own
// times).
func version(a object) time.Time {
	v := timeOf(a, "modified")
	if v.IsZero() {
		v = timeOf(a, "created")
	}
	for _, b := range bodies(a) {
		if src := entitySource(b); src != nil {
			if t := timeOf(src, "modified"); t.After(v) {
				v = t
			}
		}
	}
	return v
}

// items are the annotation objects of an article's annotations as a
// backup carries them: an AnnotationCollection with its first page
// embedded (as the browser writes it), a page, an array or one annotation.
func items(raw json.RawMessage) ([]object, error) {
	v, err := decodeAny(raw)
	if err != nil {
		return nil, err
	}
	list := func(v any) ([]object, error) {
		l, ok := v.([]any)
		if !ok {
			return nil, errors.New("the items are not an array")
		}
		out := make([]object, 0, len(l))
		for i, x := range l {
			o, ok := x.(object)
			if !ok {
				return nil, fmt.Errorf("item %d is not an object", i)
			}
			out = append(out, o)
		}
		return out, nil
	}
	switch v := v.(type) {
	case []any:
		return list(v)
	case object:
		if first, ok := v["first"].(object); ok {
			return list(first["items"])
		}
		if its, ok := v["items"]; ok {
			return list(its)
		}
		if _, ok := v["target"]; ok {
			return []object{v}, nil
		}
	}
	return nil, errors.New("not an annotation collection, page or annotation")
}
