package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// appBar tells about the app itself, in the page header: an Install
// button while the browser offers to install the app, and a banner when a
// new version has been downloaded and a reload would run it.
type appBar struct {
	app.Compo

	installable bool
	update      bool
}

func (b *appBar) OnMount(ctx app.Context) {
	b.installable = ctx.IsAppInstallable()
	b.update = ctx.AppUpdateAvailable()
}

func (b *appBar) OnAppInstallChange(ctx app.Context) {
	b.installable = ctx.IsAppInstallable()
}

func (b *appBar) OnAppUpdate(ctx app.Context) {
	b.update = ctx.AppUpdateAvailable()
}

func (b *appBar) Render() app.UI {
	return classed("div", "app-bar").Body(
		app.If(b.update,
			classed("div", "update-banner").Attr("role", "status").Body(
				textElem("span", "A new version is ready — "),
				newButton().
					OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }).
					Text("Reload"),
			),
		),
		app.If(b.installable && !b.update,
			newButton().Class("install quiet").
				Title("Install Marginalia as an app: it opens in its own window and works offline").
				OnClick(func(ctx app.Context, e app.Event) { ctx.ShowAppInstallPrompt() }).
				Text("Install app"),
		),
	)
}
