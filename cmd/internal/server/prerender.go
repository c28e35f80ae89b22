package server

import (
	"bytes"
	"regexp"
)

// ariaAttr matches an ARIA attribute, with its value if it has one.
// An attribute with a value is matched whole, quoted the way go-app quotes.
var ariaAttr = regexp.MustCompile(`\saria-[a-z]+(="(?:[^"\\]|\\.)*")?`)

// falseFlag matches an HTML boolean attribute written as ="false".
var falseFlag = regexp.MustCompile(`\s(?:selected|disabled|checked|open|hidden|required|readonly|multiple|autofocus)="false"`)

// fixAttributes gives back their value to ARIA attributes set to "true".
// go-app's server-side printer writes any attribute whose value is "true" as
// a bare attribute (right for HTML booleans such as disabled), which turns
// aria-busy="true" into aria-busy, an empty value that means false. It also
// writes an HTML boolean set to false as disabled="false", which HTML reads
// as set (every option selected, the last one shown): those are removed, as
// go-app does in the browser. Only tags are rewritten: go-app escapes "<"
// in text, so every "<" starts one.
func fixAttributes(page []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(page) + 64)
	for {
		i := bytes.IndexByte(page, '<')
		if i < 0 {
			out.Write(page)
			return out.Bytes()
		}
		j := bytes.IndexByte(page[i:], '>')
		if j < 0 {
			out.Write(page)
			return out.Bytes()
		}
		out.Write(page[:i])
		tag := falseFlag.ReplaceAll(page[i:i+j+1], nil)
		out.Write(ariaAttr.ReplaceAllFunc(tag, func(attr []byte) []byte {
			if bytes.IndexByte(attr, '=') >= 0 {
				return attr
			}
			return append(bytes.Clone(attr), `="true"`...) // attr aliases page
		}))
		page = page[i+j+1:]
	}
}

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
