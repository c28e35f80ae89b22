package ui

import (
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/reading"
)

// The entity suggestions' controls: the Suggest entities toggle in the
// sidebar and the card that reviews the open suggestion (Accept, Reject,
// its label, Accept all like this). Finding them and what each control
// does is the session's (app/reading).

// renderSuggestToggle is the Suggest entities button, with how many
// suggestions there are.
func (s *sidebar) renderSuggestToggle() app.UI {
	status := ""
	switch {
	case s.Finding:
		status = "Finding…"
	case s.Suggesting:
		status = reading.Plural(s.Suggestions, "suggestion", "suggestions") + " · ] next · [ previous"
	}
	return classed("div", "suggest-bar").Body(
		newButton().Class("quiet").Aria("pressed", s.Suggesting).Title("Suggest entities (S)").
			OnClick(s.ask(reading.Action{Do: reading.DoSuggest})).
			Text("Suggest entities"),
		app.If(status != "", classedText("span", "hint", status)),
	)
}

// renderSuggestionCard reviews the open suggestion; nil when none is
// open (or the tag-all offer shows, in the same place).
func (r *Reader) renderSuggestionCard(sel reading.Selection) app.UI {
	sg, label, ok := r.s.OpenSuggestion()
	if !ok || sel.Offering() {
		return nil
	}
	ws := r.s.Workspace()
	labels := ws.Labels()
	if !slices.Contains(labels, label) {
		labels = append(labels[:len(labels):len(labels)], label)
	}
	alike := len(ws.Alike(sg))
	return classed("div", "offer suggestion-card").Attr("role", "region").Aria("label", "Suggestion").Body(
		textElem("span", "“"+reading.Shorten(sg.Text, 60)+"”"),
		app.Elem("select").Aria("label", "Label").Title("The label to tag it with (1–9 tag with a label at once)").
			OnChange(func(ctx app.Context, e app.Event) {
				r.run(ctx, reading.Action{Do: reading.DoSuggestionLabel, Text: ctx.JSSrc().Get("value").String()})
			}).
			Body(app.Range(labels).Slice(func(i int) app.UI {
				return app.Elem("option").Attr("value", labels[i]).Attr("selected", labels[i] == label).Text(labels[i])
			})),
		newButton().Title("Accept (A)").OnClick(r.handle(reading.Action{Do: reading.DoAccept})).Text("Accept"),
		app.If(alike > 1, newButton().Aria("label", "Accept all like this").Title("Accept all "+reading.Itoa(alike)+" suggestions of “"+reading.Shorten(sg.Text, 40)+"” as "+sg.Label+" (Shift+A)").
			OnClick(r.handle(reading.Action{Do: reading.DoAcceptAlike})).Text("Accept all "+reading.Itoa(alike))),
		newButton().Title("Reject (R): not suggested here again").
			OnClick(r.handle(reading.Action{Do: reading.DoReject})).Text("Reject"),
		newButton().Class("quiet").Title("Close (Escape)").
			OnClick(r.handle(reading.Action{Do: reading.DoCloseSuggestion})).Text("Close"),
	)
}
