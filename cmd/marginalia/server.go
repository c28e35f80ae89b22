//go:build !wasm

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"

	"marginalia/cmd/internal/server"
	webfs "marginalia/web"
)

const usage = `Marginalia: read, highlight and tag articles in your browser.

Usage:
  marginalia serve [-addr 127.0.0.1:8000] [-base-url URL] [-web DIR]
                                            serve the app (-base-url: the site's
                                            URL as readers reach it, behind a
                                            proxy the proxy's; with -web, the web
                                            assets of DIR instead of the built-in)
  marginalia static -out DIR [-base-url URL]
                                            write the app as a static site
  marginalia compress FILE...               write FILE.br and FILE.gz beside each FILE
`

func main() {
	routes()
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "marginalia:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return errors.New("no command given")
	}
	switch cmd, args := args[0], args[1:]; cmd {
	case "serve":
		flags := flag.NewFlagSet("serve", flag.ContinueOnError)
		addr := flags.String("addr", "127.0.0.1:8000", "address to listen on, host:port")
		webDir := flags.String("web", "", "serve the web assets (app.css, icons, app.wasm) of this folder instead of the built-in ones, for work on them")
		base := flags.String("base-url", "", "the site's URL as readers reach it, such as https://annotate.example.org (default http:// and the listen address)")
		if err := flags.Parse(args); err != nil {
			return err
		}
		web := fs.FS(webfs.FS)
		if *webDir != "" {
			if _, err := os.Stat(filepath.Join(*webDir, "app.css")); err != nil {
				return fmt.Errorf("-web %s: not a web folder (no app.css there)", *webDir)
			}
			web = os.DirFS(*webDir)
		}
		return serve(*addr, *base, web, stdout)
	case "static":
		flags := flag.NewFlagSet("static", flag.ContinueOnError)
		out := flags.String("out", "", "folder to write the site to (created if missing)")
		base := flags.String("base-url", "", "the site's URL, such as https://annotate.example.org, for the page URLs in meta tags (default: the paths alone)")
		if err := flags.Parse(args); err != nil {
			return err
		}
		if *out == "" {
			return errors.New("static: -out DIR is required")
		}
		return writeStatic(*out, *base, stdout)
	case "compress":
		return server.CompressFiles(args)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// serve runs the server on addr until SIGINT or SIGTERM, then lets requests
// in flight finish. base is the site's URL ("": http:// and the address
// listened on).
func serve(addr, base string, web fs.FS, stdout io.Writer) error {
	// Listen first: a taken address is the commonest mistake, and says so
	// at once.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s: the address is already in use (another marginalia? choose another with -addr)", addr)
		}
		return fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	s, err := newServer(web)
	if err != nil {
		ln.Close()
		return err
	}
	if !s.HasWASM() {
		ln.Close()
		return errors.New("this binary has no web/app.wasm: build it with `make build`")
	}
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	if err := s.SetBaseURL(base); err != nil {
		ln.Close()
		return fmt.Errorf("-base-url: %w", err)
	}
	return s.Serve(ln, "Marginalia", stdout)
}

// writeStatic writes the app as a static site into dir; base is the
// site's URL, if known.
func writeStatic(dir, base string, stdout io.Writer) error {
	s, err := newServer(webfs.FS)
	if err != nil {
		return err
	}
	if base != "" {
		if err := s.SetBaseURL(base); err != nil {
			return fmt.Errorf("-base-url: %w", err)
		}
	}
	if !s.HasWASM() {
		return errors.New("static: this binary has no web/app.wasm: build it with `make build`")
	}
	n, err := s.WriteStatic(dir, pages())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files to %s (version %s)\n", n, dir, s.Version())
	return nil
}
