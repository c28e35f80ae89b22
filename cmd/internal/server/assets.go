// Package server serves a go-app progressive web app from one binary: web
// assets embedded and precompressed (brotli and gzip, chosen by
// Accept-Encoding), go-app's generated files rendered once at start-up,
// prerendered pages, security headers, and a static-site writer.
package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// An asset is a file served as is, with precompressed copies of its bytes.
type asset struct {
	body  []byte // identity encoding
	br    []byte // brotli, nil when not worth compressing
	gz    []byte // gzip, nil when not worth compressing
	ctype string
	etag  string // quoted hash of body
}

// contentTypes are the types of the files the app serves; anything else is
// served as application/octet-stream.
var contentTypes = map[string]string{
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".html":        "text/html; charset=utf-8",
}

func contentType(name string) string {
	if t, ok := contentTypes[path.Ext(name)]; ok {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether a type gains from compression.
func compressible(ctype string) bool {
	return !strings.HasPrefix(ctype, "image/png") && ctype != "image/x-icon"
}

// newAsset makes an asset of body; br and gz are its precompressed copies,
// or nil to compress here. A copy is taken only if it decodes to body: one
// made from an older body (a stale build, a file edited in a -web folder
// since) is never served, but made anew. compressed reports whether
// anything was compressed here.
func newAsset(name string, body, br, gz []byte) (a *asset, compressed bool, err error) {
	sum := sha256.Sum256(body)
	a = &asset{body: body, ctype: contentType(name), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if !compressible(a.ctype) {
		return a, false, nil
	}
	if br != nil && !decodesTo(brotli.NewReader(bytes.NewReader(br)), body) {
		br = nil
	}
	if gz != nil {
		if zr, err := gzip.NewReader(bytes.NewReader(gz)); err != nil || !decodesTo(zr, body) {
			gz = nil
		}
	}
	if br == nil {
		compressed = true
		if br, err = compressBrotli(body, brotliQuality(len(body))); err != nil {
			return nil, false, fmt.Errorf("compressing %s: %w", name, err)
		}
	}
	if gz == nil {
		compressed = true
		if gz, err = compressGzip(body); err != nil {
			return nil, false, fmt.Errorf("compressing %s: %w", name, err)
		}
	}
	if len(br) < len(body) {
		a.br = br
	}
	if len(gz) < len(body) {
		a.gz = gz
	}
	return a, compressed, nil
}

// decodesTo reports whether r (a decoder) gives exactly want, and no
// error (gzip's checksum included).
func decodesTo(r io.Reader, want []byte) bool {
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > len(want) || !bytes.Equal(buf[:n], want[:n]) {
			return false
		}
		want = want[n:]
		switch {
		case err == io.EOF:
			return len(want) == 0
		case err != nil:
			return false
		}
	}
}

// brotliQuality picks the best quality for small files and a fast one for
// large files that were not precompressed at build time (app.wasm in a
// development build), so that the server starts in a second.
func brotliQuality(n int) int {
	if n > 1<<20 {
		return 5
	}
	return brotli.BestCompression
}

func compressBrotli(b []byte, quality int) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: quality, LGWin: 24})
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func compressGzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// loadWeb reads the assets of the web folder, keyed by their URL path
// (/web/NAME), and the version: a hash of every asset's name and bytes, so
// that the same build always has the same version and any change to the
// client or its assets gives a new one. Go files are skipped; NAME.br and
// NAME.gz are taken as the precompressed copies of NAME, if they decode to
// it (see newAsset). It also returns the names of the assets it had to
// compress, for lack of such copies. The assets are read and compressed
// on every CPU.
func loadWeb(fsys fs.FS) (map[string]*asset, string, []string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch ext := path.Ext(p); {
		case d.IsDir(), ext == ".go", ext == ".br", ext == ".gz":
			return nil
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, "", nil, fmt.Errorf("reading web assets: %w", err)
	}
	sort.Strings(names)
	loaded := make([]*asset, len(names))
	compressed := make([]bool, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, name := range names {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			body, err := fs.ReadFile(fsys, name)
			if err != nil {
				errs[i] = fmt.Errorf("reading web assets: %w", err)
				return
			}
			br, _ := fs.ReadFile(fsys, name+".br") // optional
			gz, _ := fs.ReadFile(fsys, name+".gz") // optional
			loaded[i], compressed[i], errs[i] = newAsset(name, body, br, gz)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, "", nil, err
	}
	h := sha256.New()
	assets := make(map[string]*asset, len(names))
	var fresh []string
	for i, name := range names {
		assets["/web/"+name] = loaded[i]
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(loaded[i].body))
		h.Write(loaded[i].body)
		if compressed[i] {
			fresh = append(fresh, name)
		}
	}
	return assets, hex.EncodeToString(h.Sum(nil))[:16], fresh, nil
}
