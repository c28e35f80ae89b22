package webanno

import (
	"fmt"
	"strconv"
	"strings"

	"marginalia/app/annotation"
)

// isHypothesis reports whether an object is a Hypothesis annotation (from
// its API or an export) rather than a W3C one: it has no type and carries
// Hypothesis's own fields.
func isHypothesis(v object) bool {
	if _, typed := v["type"]; typed {
		return false
	}
	_, uri := v["uri"]
	_, user := v["user"]
	_, text := v["text"]
	return uri || user || text
}

// hypothesisExport reads {"export_date": …, "annotations": […]}.
func (d *decoder) hypothesisExport(v object, anns any) error {
	list, ok := anns.([]any)
	if !ok {
		return &Error{"$.annotations", fmt.Sprintf("want an array, got %s", kind(anns))}
	}
	for i, it := range list {
		p := "$.annotations[" + strconv.Itoa(i) + "]"
		obj, ok := it.(object)
		if !ok {
			return &Error{p, fmt.Sprintf("want an annotation object, got %s", kind(it))}
		}
		if err := d.hypothesisAnnotation(obj, p); err != nil {
			return err
		}
	}
	return nil
}

// hypothesisAnnotation reads one Hypothesis annotation: id, created,
// updated, text (the note), tags, target[].selector, uri and
// document.title.
func (d *decoder) hypothesisAnnotation(v object, path string) error {
	var a annotation.Annotation
	id, err := optString(v, "id", path)
	if err != nil {
		return err
	}
	if id == "" {
		return &Error{path, "the annotation has no id"}
	}
	a.ID = "urn:hypothesis:" + id
	if a.Created, err = optTime(v, "created", path); err != nil {
		return err
	}
	if a.Modified, err = optTime(v, "updated", path); err != nil {
		return err
	}
	if a.Modified.IsZero() {
		a.Modified = a.Created
	}
	if a.Note, err = optString(v, "text", path); err != nil {
		return err
	}
	if tags, ok := v["tags"]; ok && tags != nil {
		list, ok := tags.([]any)
		if !ok {
			return &Error{path + ".tags", fmt.Sprintf("want an array, got %s", kind(tags))}
		}
		for i, t := range list {
			s, ok := t.(string)
			if !ok {
				return &Error{fmt.Sprintf("%s.tags[%d]", path, i), fmt.Sprintf("want a string, got %s", kind(t))}
			}
			if s = strings.TrimSpace(s); s != "" {
				a.Tags = append(a.Tags, s)
			}
		}
	}
	if d.c.Label == "" {
		if doc, ok := v["document"].(object); ok {
			if titles, ok := doc["title"].([]any); ok && len(titles) > 0 {
				d.c.Label, _ = titles[0].(string)
			}
		}
	}
	uri, err := optString(v, "uri", path)
	if err != nil {
		return err
	}
	target, ok := v["target"]
	if !ok {
		d.c.Skipped = append(d.c.Skipped, Skip{path, "the annotation has no target"})
		return nil
	}
	_, skip, err := readTarget(target, path+".target", &a.Target)
	if err != nil {
		return err
	}
	if a.Target.Source == "" {
		a.Target.Source = uri
	}
	// Hypothesis counts positions in UTF-16 units of the whole page: useless
	// here; the quote finds the text.
	a.Target.Position = annotation.TextPosition{}
	if skip == "" && a.Target.Quote.Exact == "" {
		skip = "the annotation has no quote"
	}
	if skip != "" {
		d.c.Skipped = append(d.c.Skipped, Skip{path, skip})
		return nil
	}
	a.Kind, a.Color = annotation.Highlight, annotation.Yellow
	d.c.Annotations = append(d.c.Annotations, a)
	return nil
}
