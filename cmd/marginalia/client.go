//go:build wasm

package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/ui"
)

func main() {
	routes()
	ui.OpenStorage() // before any page reads the library
	app.RunWhenOnBrowser()
}
