package store

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"marginalia/app/annotation"
)

// The record of an article with ten thousand annotations is about 4 MB of
// JSON, and encoding/json, which works by reflection, took most of a
// second to read it in the browser. decodeFast reads the records Save
// writes without reflection, several times faster; for anything else (a
// key it does not know, an escape or a date it does not read, bad JSON) it
// gives up with errSlow, and decode reads the record with encoding/json as
// before. It never reads a record differently from encoding/json: the
// differential tests and FuzzDecodeFast check that.

// errSlow says that decodeFast left the record to encoding/json.
var errSlow = errors.New("store: not a record the fast decoder reads")

// decodeFast reads a record as encoding/json would, or returns errSlow.
func decodeFast(raw string) (rec record, err error) {
	d := &scanner{s: raw}
	defer func() {
		if recover() != nil {
			rec, err = record{}, errSlow
		}
	}()
	d.object(func(key string) {
		switch key {
		case "schema":
			rec.Schema = d.int()
		case "article":
			rec.Article = d.string()
		case "savedAt":
			rec.SavedAt = d.time()
		case "annotations":
			rec.Annotations = d.annotations()
		case "entities":
			rec.Entities = d.entities()
		case "labels":
			rec.Labels = d.strings()
		case "notebook":
			rec.Notebook = d.string()
		default:
			d.slow()
		}
	})
	d.space()
	if d.i != len(d.s) {
		d.slow()
	}
	return rec, nil
}

// scanner reads JSON from s; it panics with errSlow at anything it does
// not read exactly as encoding/json would.
type scanner struct {
	s string
	i int
}

func (d *scanner) slow() { panic(errSlow) }

func (d *scanner) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next skips spaces and returns the next byte, without consuming it.
func (d *scanner) next() byte {
	d.space()
	if d.i >= len(d.s) {
		d.slow()
	}
	return d.s[d.i]
}

func (d *scanner) expect(c byte) {
	if d.next() != c {
		d.slow()
	}
	d.i++
}

// null consumes a null and reports whether there was one: encoding/json
// leaves the field as it was.
func (d *scanner) null() bool {
	if d.next() == 'n' && len(d.s)-d.i >= 4 && d.s[d.i:d.i+4] == "null" {
		d.i += 4
		return true
	}
	return false
}

// object reads an object, calling field for each key with the scanner on
// its value. A key seen twice is left to encoding/json (it merges them).
func (d *scanner) object(field func(key string)) {
	d.expect('{')
	if d.next() == '}' {
		d.i++
		return
	}
	var buf [16]string
	seen := buf[:0]
	for {
		key := d.string()
		for _, k := range seen {
			if k == key {
				d.slow()
			}
		}
		seen = append(seen, key)
		d.expect(':')
		field(key)
		switch d.next() {
		case ',':
			d.i++
		case '}':
			d.i++
			return
		default:
			d.slow()
		}
	}
}

// array reads an array, calling elem for each element; it reports whether
// the array was empty (as opposed to null, which it leaves to the caller).
func (d *scanner) array(elem func()) {
	d.expect('[')
	if d.next() == ']' {
		d.i++
		return
	}
	for {
		elem()
		switch d.next() {
		case ',':
			d.i++
		case ']':
			d.i++
			return
		default:
			d.slow()
		}
	}
}

// plain marks the bytes a string holds as they are: printable ASCII but
// the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// string reads a string; plain ones share raw's memory. (The loop keeps
// its place in a local and tests a byte with one look-up: this scan is
// most of a large record's reading.)
func (d *scanner) string() string {
	d.expect('"')
	s, start := d.s, d.i
	ascii := true
	for i := start; i < len(s); i++ {
		c := s[i]
		if plain[c] {
			continue
		}
		switch {
		case c == '"':
			d.i = i + 1
			if !ascii && !utf8.ValidString(s[start:i]) {
				d.slow() // encoding/json replaces bad bytes
			}
			return s[start:i]
		case c == '\\':
			d.i = i
			return d.escaped(start)
		case c < 0x20:
			d.slow()
		}
		ascii = false
	}
	d.slow()
	return ""
}

// escaped reads the rest of a string that has escapes, from start.
func (d *scanner) escaped(start int) string {
	b := []byte(d.s[start:d.i])
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			if !utf8.Valid(b) {
				d.slow()
			}
			return string(b)
		case c < 0x20:
			d.slow()
		case c != '\\':
			b = append(b, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.s) {
			d.slow()
		}
		e := d.s[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			if d.i+4 > len(d.s) {
				d.slow()
			}
			r, err := strconv.ParseUint(d.s[d.i:d.i+4], 16, 32)
			if err != nil || (r >= 0xd800 && r < 0xe000) {
				d.slow() // surrogates are left to encoding/json
			}
			b = utf8.AppendRune(b, rune(r))
			d.i += 4
		default:
			d.slow()
		}
	}
	d.slow()
	return ""
}

// int reads a small integer written plainly.
func (d *scanner) int() int {
	d.space()
	start := d.i
	if d.i < len(d.s) && d.s[d.i] == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
	}
	n := d.i - digits
	if n == 0 || n > 15 || (n > 1 && d.s[digits] == '0') {
		d.slow()
	}
	if d.i < len(d.s) && (d.s[d.i] == '.' || d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.slow()
	}
	v, err := strconv.Atoi(d.s[start:d.i])
	if err != nil {
		d.slow()
	}
	return v
}

func (d *scanner) bool() bool {
	d.space()
	switch {
	case len(d.s)-d.i >= 4 && d.s[d.i:d.i+4] == "true":
		d.i += 4
		return true
	case len(d.s)-d.i >= 5 && d.s[d.i:d.i+5] == "false":
		d.i += 5
		return false
	}
	d.slow()
	return false
}

// time reads a time as Save writes it: UTC, to the millisecond or less,
// "2006-01-02T15:04:05.000Z". Other forms are left to encoding/json.
func (d *scanner) time() time.Time {
	s := d.string()
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		d.slow()
	}
	num := func(from, to int) int {
		v := 0
		for _, c := range []byte(s[from:to]) {
			if c < '0' || c > '9' {
				d.slow()
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	ns := 0
	if len(s) > 20 {
		frac := s[19 : len(s)-1]
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' {
			d.slow()
		}
		ns = num(20, len(s)-1)
		for range 10 - len(frac) {
			ns *= 10
		}
	}
	y, mo, dd, h, mi, sec := num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)
	t := time.Date(y, time.Month(mo), dd, h, mi, sec, ns, time.UTC)
	if t.Month() != time.Month(mo) || t.Day() != dd || t.Hour() != h || t.Minute() != mi || t.Second() != sec {
		d.slow() // out of range: encoding/json says so
	}
	return t
}

func (d *scanner) strings() []string {
	if d.null() {
		return nil
	}
	out := []string{}
	d.array(func() { out = append(out, d.string()) })
	return out
}

func (d *scanner) annotations() []annotation.Annotation {
	if d.null() {
		return nil
	}
	// Room for about all at once: growing a slice of ten thousand
	// annotations copies it a dozen times. As Save writes them, with
	// their dates, target and quote, they take 300 bytes or more (and
	// counting them first, with strings.Count, took longer than reading
	// them in WebAssembly).
	out := make([]annotation.Annotation, 0, (len(d.s)-d.i)/300)
	d.array(func() {
		var a annotation.Annotation
		if !d.null() {
			d.object(func(key string) { d.annotationField(&a, key) })
		}
		out = append(out, a)
	})
	return out
}

func (d *scanner) annotationField(a *annotation.Annotation, key string) {
	if d.null() {
		return
	}
	switch key {
	case "id":
		a.ID = d.string()
	case "kind":
		a.Kind = annotation.Kind(d.string())
	case "color":
		a.Color = annotation.Color(d.string())
	case "label":
		a.Label = d.string()
	case "entity":
		a.EntityID = d.string()
	case "note":
		a.Note = d.string()
	case "tags":
		a.Tags = d.strings()
	case "created":
		a.Created = d.time()
	case "modified":
		a.Modified = d.time()
	case "deleted":
		a.Deleted = d.bool()
	case "target":
		d.object(func(key string) {
			if d.null() {
				return
			}
			switch key {
			case "source":
				a.Target.Source = d.string()
			case "quote":
				d.object(func(key string) {
					if d.null() {
						return
					}
					switch key {
					case "exact":
						a.Target.Quote.Exact = d.string()
					case "prefix":
						a.Target.Quote.Prefix = d.string()
					case "suffix":
						a.Target.Quote.Suffix = d.string()
					default:
						d.slow()
					}
				})
			case "position":
				d.object(func(key string) {
					if d.null() {
						return
					}
					switch key {
					case "start":
						a.Target.Position.Start = d.int()
					case "end":
						a.Target.Position.End = d.int()
					default:
						d.slow()
					}
				})
			default:
				d.slow()
			}
		})
	case "extra":
		a.Extra = d.strings()
	default:
		d.slow()
	}
}

func (d *scanner) entities() []annotation.Entity {
	if d.null() {
		return nil
	}
	out := []annotation.Entity{}
	d.array(func() {
		var e annotation.Entity
		if !d.null() {
			d.object(func(key string) {
				if d.null() {
					return
				}
				switch key {
				case "id":
					e.ID = d.string()
				case "name":
					e.Name = d.string()
				case "iri":
					e.IRI = d.string()
				case "label":
					e.Label = d.string()
				case "modified":
					e.Modified = d.time()
				case "deleted":
					e.Deleted = d.bool()
				default:
					d.slow()
				}
			})
		}
		out = append(out, e)
	})
	return out
}

// encode writes a record as json.Marshal does, byte for byte, without
// reflection (the differential tests check it): json.Marshal took most of
// a save of a large article in the browser. A time that JSON cannot hold
// is left to json.Marshal, which says what is wrong.
func encode(rec record) ([]byte, error) {
	e := encoder{buf: make([]byte, 0, 256+400*len(rec.Annotations))}
	e.str(`{"schema":`)
	e.buf = strconv.AppendInt(e.buf, int64(rec.Schema), 10)
	e.str(`,"article":`)
	e.quote(rec.Article)
	e.str(`,"savedAt":`)
	e.time(rec.SavedAt)
	e.str(`,"annotations":`)
	if rec.Annotations == nil {
		e.str("null")
	} else {
		e.str("[")
		for i := range rec.Annotations {
			if i > 0 {
				e.str(",")
			}
			e.annotation(&rec.Annotations[i])
		}
		e.str("]")
	}
	e.str(`,"entities":`)
	if rec.Entities == nil {
		e.str("null")
	} else {
		e.str("[")
		for i, en := range rec.Entities {
			if i > 0 {
				e.str(",")
			}
			e.str(`{"id":`)
			e.quote(en.ID)
			e.opt(`,"name":`, en.Name)
			e.opt(`,"iri":`, en.IRI)
			e.opt(`,"label":`, en.Label)
			e.str(`,"modified":`)
			e.time(en.Modified)
			if en.Deleted {
				e.str(`,"deleted":true`)
			}
			e.str("}")
		}
		e.str("]")
	}
	if len(rec.Labels) > 0 {
		e.str(`,"labels":`)
		e.strings(rec.Labels)
	}
	e.opt(`,"notebook":`, rec.Notebook)
	e.str("}")
	if e.slow {
		return json.Marshal(rec)
	}
	return e.buf, nil
}

type encoder struct {
	buf  []byte
	slow bool // a value json.Marshal must write (and refuse)
}

func (e *encoder) str(s string) { e.buf = append(e.buf, s...) }

// opt writes key and s unless s is empty (omitempty).
func (e *encoder) opt(key, s string) {
	if s != "" {
		e.str(key)
		e.quote(s)
	}
}

func (e *encoder) strings(ss []string) {
	e.str("[")
	for i, s := range ss {
		if i > 0 {
			e.str(",")
		}
		e.quote(s)
	}
	e.str("]")
}

func (e *encoder) annotation(a *annotation.Annotation) {
	e.str(`{"id":`)
	e.quote(a.ID)
	e.opt(`,"kind":`, string(a.Kind))
	e.opt(`,"color":`, string(a.Color))
	e.opt(`,"label":`, a.Label)
	e.opt(`,"entity":`, a.EntityID)
	e.opt(`,"note":`, a.Note)
	if len(a.Tags) > 0 {
		e.str(`,"tags":`)
		e.strings(a.Tags)
	}
	e.str(`,"created":`)
	e.time(a.Created)
	e.str(`,"modified":`)
	e.time(a.Modified)
	if a.Deleted {
		e.str(`,"deleted":true`)
	}
	e.str(`,"target":{`)
	if a.Target.Source != "" {
		e.str(`"source":`)
		e.quote(a.Target.Source)
		e.str(",")
	}
	e.str(`"quote":{"exact":`)
	e.quote(a.Target.Quote.Exact)
	e.opt(`,"prefix":`, a.Target.Quote.Prefix)
	e.opt(`,"suffix":`, a.Target.Quote.Suffix)
	e.str(`},"position":{"start":`)
	e.buf = strconv.AppendInt(e.buf, int64(a.Target.Position.Start), 10)
	e.str(`,"end":`)
	e.buf = strconv.AppendInt(e.buf, int64(a.Target.Position.End), 10)
	e.str("}}")
	if len(a.Extra) > 0 {
		e.str(`,"extra":`)
		e.strings(a.Extra)
	}
	e.str("}")
}

// time writes t as time.Time's MarshalJSON does.
func (e *encoder) time(t time.Time) {
	if y := t.Year(); y < 0 || y > 9999 {
		e.slow = true
		return
	}
	e.str(`"`)
	e.buf = t.AppendFormat(e.buf, time.RFC3339Nano)
	e.str(`"`)
}

func (e *encoder) quote(s string) { e.buf = AppendJSONString(e.buf, s) }

// AppendJSONString appends s to b as a JSON string, escaped as
// encoding/json writes it: HTML's <, > and &, U+2028 and U+2029 as \u
// escapes, bad bytes as U+FFFD.
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
