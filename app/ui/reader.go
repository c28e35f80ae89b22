package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/article"
	"marginalia/seeds"
)

// Reader shows one article, found by the slug in its /a/<slug> route.
type Reader struct {
	app.Compo

	slug    string
	art     article.Article
	found   bool
	mounted bool
}

func (r *Reader) OnPreRender(ctx app.Context) { r.load(ctx) }

func (r *Reader) OnNav(ctx app.Context) {
	r.load(ctx)
	r.mounted = app.IsClient
}

// load finds the article named by the current URL.
func (r *Reader) load(ctx app.Context) {
	r.slug = strings.TrimPrefix(ctx.Page().URL().Path, "/a/")
	r.art, r.found = seeds.BySlug(r.slug)
	if !r.found {
		ctx.Page().SetTitle(pageTitle("Article not found"))
		return
	}
	ctx.Page().SetTitle(pageTitle(r.art.Title))
	// go-app's server printer quotes attribute values Go-style, which does
	// not escape a double quote for HTML: keep them out of the meta tag.
	ctx.Page().SetDescription(strings.ReplaceAll(r.art.Dek, `"`, "”"))
}

func (r *Reader) Render() app.UI {
	if !r.found {
		return frame(!r.mounted, notFoundContent("No article is called “"+r.slug+"”."))
	}
	a := r.art
	return frame(!r.mounted,
		app.Article().Class("reader").DataSet("article-id", a.ID).Body(
			app.Range(a.Blocks).Slice(func(i int) app.UI {
				return &block{Block: a.Blocks[i]}
			}),
		),
	)
}

// block renders one title, dek or paragraph. It is a component of its own so
// that a change to one paragraph re-renders only that paragraph.
type block struct {
	app.Compo

	Block article.Block
}

func (b *block) Render() app.UI {
	blk := b.Block
	switch blk.Kind {
	case article.Title:
		return app.H1().Class("article-title").DataSet("start", blk.Start).Text(blk.Text)
	case article.Dek:
		return app.P().Class("dek").DataSet("start", blk.Start).Text(blk.Text)
	default:
		return app.P().DataSet("start", blk.Start).Text(blk.Text)
	}
}
