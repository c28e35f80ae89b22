# Marginalia. `make run` builds and serves; `make test` runs every test,
# installing Chromium first on a machine that has none.

GO        ?= go
ADDR      ?= 127.0.0.1:8000
CHROMIUM  ?= /usr/bin/chromium
WASM      := web/app.wasm
BIN       := bin/marginalia
GOFLAGS_BUILD := -trimpath -ldflags="-s -w"
GO_SOURCES := $(shell find app cmd seeds web -name '*.go' -o -name '*.txt' 2>/dev/null) go.mod go.sum

.PHONY: all build wasm run test vet static bench fuzz mutate clean chromium postgres screenshot

all: build

build: $(BIN)

wasm: $(WASM)

# app/ui is built without inlining: its code is go-app's builder calls
# and handlers, which inlining made 5.2 KB larger (brotli; make bench
# times creating and opening with it). The model and the text's packages
# keep it.
WASM_GCFLAGS := -gcflags=marginalia/app/ui=-l

$(WASM): $(GO_SOURCES)
	GOOS=js GOARCH=wasm $(GO) build $(GOFLAGS_BUILD) $(WASM_GCFLAGS) -o $(WASM) ./cmd/marginalia
	$(GO) run ./cmd/marginalia compress $(WASM)

# The other web assets get their precompressed copies at build time too
# (not the PNGs: not worth it), so that the server starts without
# compressing them. It embeds and serves the copies, and compresses at
# start only an asset that has none that decodes to it: a stale copy (as
# in a -web folder edited since) is never served.
WEB_ASSETS     := $(filter-out $(WASM) %.go %.br %.gz %.png,$(wildcard web/*))
WEB_COMPRESSED := $(foreach f,$(WEB_ASSETS),$(f).br $(f).gz)

web/%.br web/%.gz: web/%
	$(GO) run ./cmd/marginalia compress $<

$(BIN): $(WASM) $(WEB_COMPRESSED) $(GO_SOURCES) $(wildcard web/*)
	$(GO) build $(GOFLAGS_BUILD) -o $(BIN) ./cmd/marginalia

run: build
	$(BIN) serve -addr $(ADDR)

static: build
	rm -rf bin/site
	$(BIN) static -out bin/site

# Pure packages: they must also pass under WebAssembly (run by Node).
PURE := ./app/article ./app/annotation ./app/anchor ./app/render ./app/store ./app/webanno ./app/export ./app/library ./app/backup ./app/suggest ./app/reading ./seeds

# test: formatting, vet, every test (the browser tests drive the real server
# binary in headless Chromium; the annotation server's run on SQLite and on
# a Postgres they start), then the pure packages under WebAssembly.
test: vet build chromium postgres
	@unformatted=$$(gofmt -l app cmd seeds web); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	MARGINALIA_BIN=$(CURDIR)/$(BIN) CHROMIUM=$(CHROMIUM) MARGINALIA_REQUIRE_POSTGRES=1 $(GO) test -count=1 ./...
	@if command -v node >/dev/null; then \
		echo "GOOS=js GOARCH=wasm go test $(PURE)"; \
		PATH="$$PATH:$$($(GO) env GOROOT)/lib/wasm" GOOS=js GOARCH=wasm $(GO) test -count=1 $(PURE); \
	else echo "node not found: the WebAssembly run of the pure packages is skipped"; fi

# screenshot annotates the seed article in headless Chromium and saves the
# README's picture of the reader.
screenshot: build chromium
	mkdir -p .readme
	MARGINALIA_SCREENSHOT=$(CURDIR)/.readme/reader.png MARGINALIA_BIN=$(CURDIR)/$(BIN) CHROMIUM=$(CHROMIUM) \
		$(GO) test -count=1 -run TestBrowserScreenshot ./cmd/marginalia

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./cmd/marginalia ./app/...

# chromium installs Debian's chromium when it is missing and we may.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium (Debian package) for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is needed for the browser tests: install it (sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium"; exit 1; \
	fi

# postgres installs Debian's postgresql when initdb is missing and we may:
# the tests start their own server with it (cmd/internal/pgtest). The
# package's own cluster, if it starts one, is left alone.
postgres:
	@if command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing postgresql (Debian package) for the annotation server's tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "PostgreSQL is needed for the annotation server's tests: install it (sudo apt-get install postgresql)"; exit 1; \
	fi

# fuzz runs every fuzz target for FUZZTIME each; a crasher is written to
# the package's testdata/fuzz and stays there as a regression test.
FUZZTIME ?= 30s
FUZZ_TARGETS := ./app/article:FuzzParse ./app/article:FuzzParseMarkdown ./app/export:FuzzTokenize ./app/anchor:FuzzAnchor ./app/webanno:FuzzDecode ./app/store:FuzzDecode ./app/store:FuzzDecodeFast ./app/store:FuzzEncode
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

# mutate runs mutation testing (gremlins) on the model packages: each
# mutant is a small change to the code (a < made <=, a + made -) that some
# test should fail for. It reports the mutants killed, lived and not
# covered, the efficacy (killed / (killed + lived)) and the mutant
# coverage. Not part of `make test`: it takes about ten minutes on two
# cores. gremlins is installed first when missing.
GREMLINS_VERSION ?= v0.6.0
GREMLINS ?= $(or $(shell $(GO) env GOBIN),$(shell $(GO) env GOPATH)/bin)/gremlins
MUTATE := ./app/reading ./app/annotation
MUTATE_FLAGS ?= --workers 2 --timeout-coefficient 10
mutate:
	@if [ ! -x "$(GREMLINS)" ]; then \
		echo "installing gremlins $(GREMLINS_VERSION)"; \
		$(GO) install github.com/go-gremlins/gremlins/cmd/gremlins@$(GREMLINS_VERSION); \
	fi
	@set -e; for p in $(MUTATE); do \
		echo "gremlins unleash $$p"; \
		$(GREMLINS) unleash $(MUTATE_FLAGS) $$p; \
	done

# bench measures sizes, load times and the Go benchmarks against a bare
# go-app page, and writes BENCHMARKS.md.
bench: build chromium
	MARGINALIA_BIN=$(CURDIR)/$(BIN) CHROMIUM=$(CHROMIUM) $(GO) run ./cmd/bench

clean:
	rm -rf bin $(WASM) web/*.br web/*.gz cmd/bench/hello/web/app.wasm*
