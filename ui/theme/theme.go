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

// Input borders: Fyne's defaults (#e5e5e5 on white, #393a3f on near-black)
// leave an unticked checkbox, an empty radio button and an entry's outline
// almost invisible — in the wizard steps that must be ticked to go on. These
// reach the 3:1 contrast WCAG asks of controls on either background.
var (
	inputBorderLight = color.NRGBA{R: 0x85, G: 0x85, B: 0x85, A: 0xFF} // 3.7:1 on white
	inputBorderDark  = color.NRGBA{R: 0x8E, G: 0x8E, B: 0x96, A: 0xFF} // 5.6:1 on the dark background
)

// Values of the 表示テーマ preference.
const (
	VariantAuto  = "auto" // follow the OS
	VariantLight = "light"
	VariantDark  = "dark"
	// Preference is the Fyne preference key holding the choice.
	Preference = "theme"
)

// Theme is the PunchDesk look. The zero value is ready to use and follows
// the light/dark variant the user's desktop asks for; everything it does not
// override comes from theme.DefaultTheme().
type Theme struct {
	variant string // VariantLight or VariantDark fixes the variant; else the OS's
}

var _ fyne.Theme = Theme{}

// New returns the PunchDesk theme following the OS, for
// app.Settings().SetTheme.
func New() fyne.Theme { return Theme{} }

// WithVariant returns the theme fixed to VariantLight or VariantDark, or
// following the OS for anything else.
func WithVariant(v string) fyne.Theme { return Theme{variant: v} }

// Color returns the brand colour for primary, hyperlink, focus and selection,
// stronger input borders, and Fyne's default colour for everything else.
func (t Theme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	switch t.variant {
	case VariantLight:
		variant = theme.VariantLight
	case VariantDark:
		variant = theme.VariantDark
	}
	switch name {
	case theme.ColorNameInputBorder:
		if variant == theme.VariantDark {
			return inputBorderDark
		}
		return inputBorderLight
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
