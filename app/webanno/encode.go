package webanno

import (
	"encoding/json"
	"fmt"

	"marginalia/app/annotation"
)

type jsonCollection struct {
	Context   string    `json:"@context"`
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Label     string    `json:"label,omitempty"`
	Total     int       `json:"total"`
	Generator jsonAgent `json:"generator"`
	Created   string    `json:"created,omitempty"`
	First     jsonPage  `json:"first"`
}

type jsonAgent struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
}

type jsonPage struct {
	ID         string           `json:"id"`
	Type       string           `json:"type"`
	StartIndex int              `json:"startIndex"`
	Items      []jsonAnnotation `json:"items"`
}

type jsonAnnotation struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Motivation string          `json:"motivation"`
	Created    string          `json:"created,omitempty"`
	Modified   string          `json:"modified,omitempty"`
	Body       []any           `json:"body,omitempty"`
	Target     jsonTarget      `json:"target"`
	Stylesheet *jsonStylesheet `json:"stylesheet,omitempty"`
}

type jsonTextualBody struct {
	ID       string `json:"id,omitempty"`
	Type     string `json:"type"`
	Value    string `json:"value"`
	Format   string `json:"format,omitempty"`
	Purpose  string `json:"purpose"`
	Modified string `json:"modified,omitempty"`
}

// jsonEntityBody names a mention's entity: a SpecificResource whose
// source is the entity (its ID, name and modified time) and whose purpose
// is identifying. (A TextualBody with an id and a purpose, the obvious
// form, is an External Web Resource to the W3C suite, which may not carry
// a purpose: model 3.3.5.)
type jsonEntityBody struct {
	Type    string     `json:"type"`
	Source  jsonEntity `json:"source"`
	Purpose string     `json:"purpose"`
}

type jsonEntity struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Value    string `json:"value"`
	Modified string `json:"modified,omitempty"`
}

type jsonResourceBody struct {
	Type    string `json:"type"`
	Source  string `json:"source"`
	Purpose string `json:"purpose"`
}

type jsonTarget struct {
	Type       string `json:"type"`
	Source     string `json:"source"`
	StyleClass string `json:"styleClass,omitempty"`
	Selector   []any  `json:"selector"`
}

type jsonQuoteSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

type jsonPositionSelector struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type jsonStylesheet struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// CollectionID returns the IRI Encode gives the collection of an article.
func CollectionID(source string) string { return source + ":annotations" }

// Encode writes c as an AnnotationCollection with its first page embedded,
// as indented JSON. Tombstones are left out. It returns an error if an
// annotation fails annotation.Validate.
func Encode(c Collection) ([]byte, error) {
	entities := make(map[string]annotation.Entity, len(c.Entities))
	for _, e := range c.Entities {
		entities[e.ID] = e
	}
	id := c.ID
	if id == "" {
		id = CollectionID(c.Source)
	}
	out := jsonCollection{
		Context:   Context,
		ID:        id,
		Type:      "AnnotationCollection",
		Label:     c.Label,
		Generator: jsonAgent{ID: GeneratorIRI, Type: "Software", Name: "Marginalia"},
		First:     jsonPage{ID: id + ":page1", Type: "AnnotationPage", Items: []jsonAnnotation{}},
	}
	if !c.Created.IsZero() {
		out.Created = annotation.Stamp(c.Created).Format(timeFormat)
	}
	for _, a := range c.Annotations {
		if a.Deleted {
			continue
		}
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("webanno: %w", err)
		}
		ja, err := encodeAnnotation(a, c.Source, entities)
		if err != nil {
			return nil, err
		}
		out.First.Items = append(out.First.Items, ja)
	}
	out.Total = len(out.First.Items)
	return json.MarshalIndent(out, "", "  ")
}

func encodeAnnotation(a annotation.Annotation, source string, entities map[string]annotation.Entity) (jsonAnnotation, error) {
	if a.Target.Source != "" {
		source = a.Target.Source
	}
	ja := jsonAnnotation{
		ID:   annotation.IRI(a.ID),
		Type: "Annotation",
		Target: jsonTarget{
			Type:   "SpecificResource",
			Source: source,
		},
	}
	if !a.Created.IsZero() {
		ja.Created = annotation.Stamp(a.Created).Format(timeFormat)
	}
	if !a.Modified.IsZero() {
		ja.Modified = annotation.Stamp(a.Modified).Format(timeFormat)
	}
	q, p := a.Target.Quote, a.Target.Position
	if q.Exact != "" {
		ja.Target.Selector = append(ja.Target.Selector, jsonQuoteSelector{"TextQuoteSelector", q.Exact, q.Prefix, q.Suffix})
	}
	if p.End > p.Start {
		ja.Target.Selector = append(ja.Target.Selector, jsonPositionSelector{"TextPositionSelector", p.Start, p.End})
	}

	if a.Note != "" {
		ja.Body = append(ja.Body, jsonTextualBody{Type: "TextualBody", Value: a.Note, Format: "text/plain", Purpose: "commenting"})
	}
	for _, tag := range a.Tags {
		ja.Body = append(ja.Body, jsonTextualBody{Type: "TextualBody", Value: tag, Purpose: "tagging"})
	}
	switch a.Kind {
	case annotation.Mention:
		ja.Motivation = "classifying"
		ja.Body = append(ja.Body, jsonTextualBody{Type: "TextualBody", Value: a.Label, Purpose: "classifying"})
		// The label again as a tag: Recogito and tools like it read an
		// entity's type from tagging bodies. Decode does not make it a tag.
		ja.Body = append(ja.Body, jsonTextualBody{Type: "TextualBody", Value: a.Label, Purpose: "tagging"})
		if e, ok := entities[a.EntityID]; ok && !e.Deleted {
			ja.Motivation = "identifying"
			body := jsonEntityBody{Type: "SpecificResource", Purpose: "identifying",
				Source: jsonEntity{ID: annotation.IRI(e.ID), Type: "TextualBody", Value: e.Name}}
			if !e.Modified.IsZero() {
				body.Source.Modified = annotation.Stamp(e.Modified).Format(timeFormat)
			}
			ja.Body = append(ja.Body, body)
			if e.IRI != "" {
				ja.Body = append(ja.Body, jsonResourceBody{Type: "SpecificResource", Source: e.IRI, Purpose: "identifying"})
			}
		}
	default:
		ja.Motivation = "highlighting"
		if a.Note != "" {
			ja.Motivation = "commenting"
		}
		cls := styleClass(a.Color)
		ja.Target.StyleClass = cls
		ja.Stylesheet = &jsonStylesheet{Type: "CssStylesheet", Value: "." + cls + " { background-color: " + colorCSS[a.Color] + "; }"}
	}
	for i, x := range a.Extra {
		if !json.Valid([]byte(x)) {
			return ja, fmt.Errorf("webanno: annotation %s: extra body %d is not JSON", a.ID, i)
		}
		ja.Body = append(ja.Body, conformBody(json.RawMessage(x)))
	}
	return ja, nil
}

// conformBody returns a body kept from an import as the W3C model wants
// it: an External Web Resource (an object with an id and no source) may
// not carry a purpose (model 3.3.5), so one that does becomes a
// SpecificResource with that purpose and the resource as its source.
// Other bodies are returned as they are.
func conformBody(x json.RawMessage) json.RawMessage {
	var obj map[string]json.RawMessage
	if json.Unmarshal(x, &obj) != nil {
		return x
	}
	purpose, hasPurpose := obj["purpose"]
	_, hasID := obj["id"]
	_, hasSource := obj["source"]
	_, hasTarget := obj["target"]
	if !hasPurpose || !hasID || hasSource || hasTarget {
		return x
	}
	delete(obj, "purpose")
	src, err := json.Marshal(obj)
	if err != nil {
		return x
	}
	out, err := json.Marshal(struct {
		Type    string          `json:"type"`
		Source  json.RawMessage `json:"source"`
		Purpose json.RawMessage `json:"purpose"`
	}{"SpecificResource", src, purpose})
	if err != nil {
		return x
	}
	return out
}
