// Package translations holds PunchDesk's message catalogues: <lang>.json and
// <part>.<lang>.json, in go-i18n's flat form that Fyne's lang package reads.
//
// It is a package of its own, without Fyne, so that core (problem texts) and
// punchctl read the same words as the app.
package translations

import "embed"

// FS holds every catalogue at its file name (ja.json, book.ja.json, …).
//
//go:embed *.json
var FS embed.FS
