// Package web holds the hello page's assets; cmd/bench builds app.wasm here.
package web

import "embed"

// FS holds every file of this folder.
//
//go:embed *
var FS embed.FS
