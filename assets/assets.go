// Package assets holds the files PunchDesk compiles into its binary: the
// bundled Japanese fonts, the application icon and the UI translations.
//
// Everything is embedded so that the app looks and reads the same on every
// office PC, whatever fonts or language packs the machine has installed.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed fonts/NotoSansJP-Regular.ttf
var fontRegular []byte

//go:embed fonts/NotoSansJP-Bold.ttf
var fontBold []byte

//go:embed icon.png
var icon []byte

// The resources are built once: Fyne caches font faces per resource, so
// handing out the same value every time avoids re-parsing 2.5 MB fonts.
var (
	iconResource        = fyne.NewStaticResource("icon.png", icon)
	fontRegularResource = fyne.NewStaticResource("NotoSansJP-Regular.ttf", fontRegular)
	fontBoldResource    = fyne.NewStaticResource("NotoSansJP-Bold.ttf", fontBold)
)

// Icon is the PunchDesk application icon (512×512 PNG), for the app and
// window icon.
func Icon() fyne.Resource { return iconResource }

// FontRegular is Noto Sans JP Regular, subset to JIS X 0208 and the CP932
// extensions; the theme uses it for normal and italic text.
func FontRegular() fyne.Resource { return fontRegularResource }

// FontBold is Noto Sans JP Bold with the same character set as FontRegular;
// the theme uses it for bold and bold-italic text.
func FontBold() fyne.Resource { return fontBoldResource }
