//go:build !wasm

package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/cmd/bench/hello/web"
	"marginalia/cmd/internal/server"
)

// main serves the page: hello serve [-addr 127.0.0.1:0].
func main() {
	routes()
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		fmt.Fprintln(os.Stderr, "usage: hello serve [-addr 127.0.0.1:0]")
		os.Exit(2)
	}
	fs.Parse(os.Args[2:])
	if err := serve(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}

func serve(addr string) error {
	h := &app.Handler{
		Name:  "Hello",
		Title: "Hello",
		Icon:  app.Icon{Default: "/web/icon.svg", Large: "/web/icon.svg", SVG: "/web/icon.svg"},
	}
	s, err := server.New(web.FS, h, func(p string) (string, int) {
		if p == "/" {
			return p, http.StatusOK
		}
		return p, http.StatusNotFound
	})
	if err != nil {
		return err
	}
	if !s.HasWASM() {
		return errors.New("no web/app.wasm: cmd/bench builds it")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ln, "Hello", os.Stdout)
}
