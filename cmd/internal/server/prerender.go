package server

import (
	"bytes"
	"html"
	"strconv"
	"strings"
)

// booleanAttrs are the HTML boolean attributes go-app may write as
// ="false".
var booleanAttrs = map[string]bool{
	"selected": true, "disabled": true, "checked": true, "open": true, "hidden": true,
	"required": true, "readonly": true, "multiple": true, "autofocus": true,
}

// fixAttributes rewrites the attributes of every tag of a page go-app's
// server-side printer wrote, which gets three things wrong:
//   - it quotes values Go-style (strconv.Quote), with \" for a double
//     quote, which HTML does not read as an escape: a value holding a
//     quote ends the attribute there, and the rest is markup. Every value
//     is unquoted and written again HTML-escaped;
//   - it writes any attribute whose value is "true" as a bare attribute
//     (right for HTML booleans such as disabled), which turns
//     aria-busy="true" into aria-busy, an empty value that means false:
//     ARIA attributes get their value back;
//   - it writes an HTML boolean set to false as disabled="false", which
//     HTML reads as set (every option selected): those are removed, as
//     go-app does in the browser.
//
// Text between tags is left as it is: go-app escapes "<" in text, so
// every "<" starts a tag, and a tag ends at the first ">" outside quotes.
func fixAttributes(page []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(page) + 64)
	for len(page) > 0 {
		i := bytes.IndexByte(page, '<')
		if i < 0 {
			break
		}
		out.Write(page[:i])
		page = page[i:]
		end := tagEnd(page)
		if end < 0 {
			break
		}
		writeTag(&out, page[:end])
		page = page[end:]
	}
	out.Write(page)
	return out.Bytes()
}

// tagEnd returns the length of the tag page starts with, to its ">"
// outside quoted values, or -1.
func tagEnd(page []byte) int {
	for i := 1; i < len(page); i++ {
		switch page[i] {
		case '>':
			return i + 1
		case '"':
			n := quotedLen(page[i:])
			if n < 0 {
				return -1
			}
			i += n - 1
		}
	}
	return -1
}

// quotedLen returns the length of the quoted value b starts with, its
// quotes included, reading a backslash as escaping the next byte (as Go
// quoting does; HTML values that go-app did not write have none), or -1.
func quotedLen(b []byte) int {
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// writeTag writes one tag with its attributes mended (see fixAttributes).
// Closing tags, comments and the doctype are written as they are.
func writeTag(out *bytes.Buffer, tag []byte) {
	if len(tag) < 2 || tag[1] == '/' || tag[1] == '!' {
		out.Write(tag)
		return
	}
	i := 1
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++
	}
	out.Write(tag[:i]) // "<name"
	for i < len(tag) {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
			out.Write(tag[i:])
			return
		}
		start := i
		for i < len(tag) && !isSpace(tag[i]) && tag[i] != '=' && tag[i] != '>' {
			i++
		}
		name := string(tag[start:i])
		value, hasValue := "", false
		if i < len(tag) && tag[i] == '=' {
			i++
			hasValue = true
			if i < len(tag) && tag[i] == '"' {
				n := quotedLen(tag[i:])
				if n < 0 {
					n = len(tag) - i - 1
				}
				raw := string(tag[i : i+n])
				v, err := strconv.Unquote(raw)
				if err != nil {
					v = strings.Trim(raw, `"`)
				}
				value, i = v, i+n
			} else {
				start := i
				for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' {
					i++
				}
				value = string(tag[start:i])
			}
		}
		lower := strings.ToLower(name)
		switch {
		case booleanAttrs[lower] && hasValue && value == "false":
			continue
		case strings.HasPrefix(lower, "aria-") && !hasValue:
			value, hasValue = "true", true
		}
		out.WriteByte(' ')
		out.WriteString(name)
		if hasValue {
			out.WriteString(`="`)
			out.WriteString(html.EscapeString(value))
			out.WriteByte('"')
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// go-app's viewport meta tag forbids zooming, which fails WCAG 1.4.4
// (Resize text): readers with low vision must be able to pinch-zoom.
var (
	noZoomViewport = []byte(`content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"`)
	zoomViewport   = []byte(`content="width=device-width, initial-scale=1, viewport-fit=cover"`)
)

// fixPage mends what go-app's server-side printer writes: ARIA values
// (fixAttributes) and a viewport that allows zooming. The viewport tag is in
// the head, before any page text.
func fixPage(page []byte) []byte {
	return bytes.Replace(fixAttributes(page), noZoomViewport, zoomViewport, 1)
}
