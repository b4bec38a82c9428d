// Package theme is PunchDesk's Fyne theme: Fyne's default look with the
// bundled Noto Sans JP fonts and the brand colour of the app icon.
//
// The fonts are the point. Without them Fyne falls back to whatever CJK font
// the PC happens to have, so kanji look different (or are missing) from one
// office machine to the next, and tests render differently per machine.
package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/punchdesk/punchdesk/assets"
)

// Brand colours, taken from the middle of the icon's teal-to-blue gradient
// (assets/icon/gen.go). Primary is dark enough for white button text (4.8:1)
// and for links on the light background; on the dark background links use a
// lighter tint of the same hue so they stay readable (8.6:1).
var (
	brandPrimary       = color.NRGBA{R: 0x11, G: 0x7A, B: 0xA3, A: 0xFF}
	brandHyperlinkDark = color.NRGBA{R: 0x4C, G: 0xC2, B: 0xDC, A: 0xFF}
	brandOnPrimary     = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	// Fyne derives focus and selection from its own primary colour; deriving
	// ours the same way keeps a blue focus ring off a teal UI.
	brandFocus     = color.NRGBA{R: 0x11, G: 0x7A, B: 0xA3, A: 0x40}
	brandSelection = color.NRGBA{R: 0x11, G: 0x7A, B: 0xA3, A: 0x50}
)

// Theme is the PunchDesk look. The zero value is ready to use; it keeps no
// state, and everything it does not override comes from theme.DefaultTheme(),
// including the light/dark variant the user's desktop asks for.
type Theme struct{}

var _ fyne.Theme = Theme{}

// New returns the PunchDesk theme, for app.Settings().SetTheme.
func New() fyne.Theme { return Theme{} }

// Color returns the brand colour for primary, hyperlink, focus and selection
// and Fyne's default colour for everything else.
func (Theme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	switch name {
	case theme.ColorNamePrimary:
		return brandPrimary
	case theme.ColorNameForegroundOnPrimary:
		return brandOnPrimary
	case theme.ColorNameHyperlink:
		if variant == theme.VariantDark {
			return brandHyperlinkDark
		}
		return brandPrimary
	case theme.ColorNameFocus:
		return brandFocus
	case theme.ColorNameSelection:
		return brandSelection
	}
	return theme.DefaultTheme().Color(name, variant)
}

// Font returns Noto Sans JP for proportional text: Bold for bold styles,
// Regular otherwise. Italic styles get the upright face because Japanese
// has no italic; monospace and symbol text keep Fyne's defaults, which
// have the fixed widths and icons those styles need.
func (Theme) Font(style fyne.TextStyle) fyne.Resource {
	switch {
	case style.Monospace, style.Symbol:
		return theme.DefaultTheme().Font(style)
	case style.Bold:
		return assets.FontBold()
	default:
		return assets.FontRegular()
	}
}

// Icon returns Fyne's default icons.
func (Theme) Icon(name fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(name)
}

// Size returns Fyne's default sizes.
func (Theme) Size(name fyne.ThemeSizeName) float32 {
	return theme.DefaultTheme().Size(name)
}
