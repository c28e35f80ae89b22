// Package web holds the static assets that the server embeds and serves
// under /web/: the style sheet, the icons and app.wasm, which `make build`
// compiles here (with its precompressed .br and .gz copies) before it builds
// the server. Go files in this folder are not assets.
package web

import "embed"

// FS holds every file of this folder, app.wasm included when it was built.
//
//go:embed *
var FS embed.FS
