package theme_test

import (
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/assets"
	"github.com/punchdesk/punchdesk/ui/theme"
)

func TestFontForEachTextStyle(t *testing.T) {
	test.NewTempApp(t)
	def := fynetheme.DefaultTheme()
	tests := []struct {
		name  string
		style fyne.TextStyle
		want  fyne.Resource
	}{
		{"regular text uses bundled regular", fyne.TextStyle{}, assets.FontRegular()},
		{"italic text uses bundled regular, Japanese has no italic", fyne.TextStyle{Italic: true}, assets.FontRegular()},
		{"bold text uses bundled bold", fyne.TextStyle{Bold: true}, assets.FontBold()},
		{"bold italic text uses bundled bold", fyne.TextStyle{Bold: true, Italic: true}, assets.FontBold()},
		{"monospace stays Fyne's monospace", fyne.TextStyle{Monospace: true}, def.Font(fyne.TextStyle{Monospace: true})},
		{"bold monospace stays Fyne's monospace", fyne.TextStyle{Monospace: true, Bold: true}, def.Font(fyne.TextStyle{Monospace: true, Bold: true})},
		{"symbol stays Fyne's symbol font", fyne.TextStyle{Symbol: true}, def.Font(fyne.TextStyle{Symbol: true})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := theme.New().Font(tt.style)
			if got != tt.want {
				t.Errorf("Font(%+v) = %q, want %q", tt.style, got.Name(), tt.want.Name())
			}
		})
	}
}

func TestColors(t *testing.T) {
	test.NewTempApp(t)
	th := theme.New()
	def := fynetheme.DefaultTheme()
	for _, v := range []fyne.ThemeVariant{fynetheme.VariantLight, fynetheme.VariantDark} {
		if th.Color(fynetheme.ColorNamePrimary, v) == def.Color(fynetheme.ColorNamePrimary, v) {
			t.Errorf("variant %d: primary colour is Fyne's default, want the brand colour", v)
		}
		// Everything not branded must follow Fyne's palette for the variant,
		// or dark mode ends up half light.
		for _, n := range []fyne.ThemeColorName{
			fynetheme.ColorNameBackground, fynetheme.ColorNameForeground,
			fynetheme.ColorNameButton, fynetheme.ColorNameInputBackground,
			fynetheme.ColorNameError, fynetheme.ColorNameDisabled,
		} {
			if got, want := th.Color(n, v), def.Color(n, v); got != want {
				t.Errorf("variant %d: Color(%s) = %v, want default %v", v, n, got, want)
			}
		}
	}
}

// Readability of the brand colour is what a user notices: white labels on
// primary buttons and links on either background must reach WCAG AA (4.5:1).
func TestBrandColorsAreReadable(t *testing.T) {
	test.NewTempApp(t)
	th := theme.New()
	tests := []struct {
		name       string
		variant    fyne.ThemeVariant
		text, back fyne.ThemeColorName
	}{
		{"button label on primary, light", fynetheme.VariantLight, fynetheme.ColorNameForegroundOnPrimary, fynetheme.ColorNamePrimary},
		{"button label on primary, dark", fynetheme.VariantDark, fynetheme.ColorNameForegroundOnPrimary, fynetheme.ColorNamePrimary},
		{"link on light background", fynetheme.VariantLight, fynetheme.ColorNameHyperlink, fynetheme.ColorNameBackground},
		{"link on dark background", fynetheme.VariantDark, fynetheme.ColorNameHyperlink, fynetheme.ColorNameBackground},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := contrast(th.Color(tt.text, tt.variant), th.Color(tt.back, tt.variant))
			if r < 4.5 {
				t.Errorf("contrast %.2f:1, want at least 4.5:1", r)
			}
		})
	}
}

func TestUntickedControlsAreVisible(t *testing.T) {
	test.NewTempApp(t)
	th := theme.New()
	for _, tt := range []struct {
		name    string
		variant fyne.ThemeVariant
		back    fyne.ThemeColorName
	}{
		{"checkbox and radio outline on the light background", fynetheme.VariantLight, fynetheme.ColorNameBackground},
		{"entry outline on the light input background", fynetheme.VariantLight, fynetheme.ColorNameInputBackground},
		{"checkbox and radio outline on the dark background", fynetheme.VariantDark, fynetheme.ColorNameBackground},
		{"entry outline on the dark input background", fynetheme.VariantDark, fynetheme.ColorNameInputBackground},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// WCAG 1.4.11: controls need 3:1 against what is beside them.
			if r := contrast(th.Color(fynetheme.ColorNameInputBorder, tt.variant), th.Color(tt.back, tt.variant)); r < 3 {
				t.Errorf("contrast %.2f:1, want at least 3:1", r)
			}
		})
	}
}

func TestChosenVariantOverridesTheOS(t *testing.T) {
	test.NewTempApp(t)
	light, dark := theme.WithVariant(theme.VariantLight), theme.WithVariant(theme.VariantDark)
	auto := theme.WithVariant(theme.VariantAuto)
	for _, v := range []fyne.ThemeVariant{fynetheme.VariantLight, fynetheme.VariantDark} {
		bg := fynetheme.ColorNameBackground
		if light.Color(bg, v) != theme.New().Color(bg, fynetheme.VariantLight) ||
			dark.Color(bg, v) != theme.New().Color(bg, fynetheme.VariantDark) ||
			auto.Color(bg, v) != theme.New().Color(bg, v) {
			t.Errorf("OS variant %d: the chosen variant is not what is drawn", v)
		}
	}
}

func TestLabelRendersJapanese(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())

	w := test.NewWindow(widget.NewLabel("出勤簿 異常体温"))
	defer w.Close()
	w.Resize(fyne.NewSize(300, 60))
	img := w.Canvas().Capture()

	bg := fynetheme.Color(fynetheme.ColorNameBackground)
	if n := inkPixels(img, bg); n < 200 {
		t.Errorf("label rendered %d text pixels, want a line of kanji (at least 200)", n)
	}
}

// The theme must actually reach the renderer: text drawn through the theme
// has to be pixel-identical to text drawn straight from the bundled font.
// A system fallback font (Droid Sans Fallback, Noto CJK, Yu Gothic...) or
// tofu boxes would differ.
func TestTextRendersWithBundledFont(t *testing.T) {
	tests := []struct {
		name  string
		style fyne.TextStyle
		font  fyne.Resource
	}{
		{"regular", fyne.TextStyle{}, assets.FontRegular()},
		{"bold", fyne.TextStyle{Bold: true}, assets.FontBold()},
	}
	const text = "出勤簿 異常体温 髙﨑"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(theme.New())

			viaTheme := renderText(t, text, tt.style, nil)
			direct := renderText(t, text, tt.style, tt.font)
			if inkPixels(direct, color.White) < 200 {
				t.Fatal("bundled font drew no text; the comparison would prove nothing")
			}
			if !sameImage(viaTheme, direct) {
				t.Error("text drawn through the theme differs from the bundled font")
			}

			// Show that the comparison can tell fonts apart here: Fyne's own
			// theme has no kanji and falls back to a system font or tofu.
			a.Settings().SetTheme(fynetheme.DefaultTheme())
			if sameImage(renderText(t, text, tt.style, nil), direct) {
				t.Log("this machine's fallback font renders like Noto Sans JP; the check above is weaker here")
			}
		})
	}
}

// renderText draws black text on white in a fixed-size window; a non-nil
// source bypasses the theme's font.
func renderText(t *testing.T, s string, style fyne.TextStyle, source fyne.Resource) image.Image {
	t.Helper()
	txt := canvas.NewText(s, color.Black)
	txt.TextSize = 20
	txt.TextStyle = style
	txt.FontSource = source
	bg := canvas.NewRectangle(color.White)
	w := test.NewWindow(nil)
	defer w.Close()
	w.SetPadded(false)
	w.SetContent(&fyne.Container{Layout: stackLayout{}, Objects: []fyne.CanvasObject{bg, txt}})
	w.Resize(fyne.NewSize(260, 40))
	return w.Canvas().Capture()
}

// stackLayout fills the window with every object; the text stays where
// canvas.Text puts it, at the top left.
type stackLayout struct{}

func (stackLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (stackLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

// inkPixels counts pixels that differ clearly from the background colour.
func inkPixels(img image.Image, bg color.Color) int {
	br, bgG, bb, _ := bg.RGBA()
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if absDiff(r, br)+absDiff(g, bgG)+absDiff(bl, bb) > 3*0x4000 {
				n++
			}
		}
	}
	return n
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// contrast is the WCAG 2 contrast ratio between two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
