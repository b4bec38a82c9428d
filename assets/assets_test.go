package assets_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png" // decode the icon
	"io/fs"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/encoding/japanese"

	"github.com/punchdesk/punchdesk/assets"
	"github.com/punchdesk/punchdesk/assets/translations"
)

func TestIconIsSquareAppIcon(t *testing.T) {
	img, format, err := image.Decode(bytes.NewReader(assets.Icon().Content()))
	if err != nil {
		t.Fatalf("decode icon: %v", err)
	}
	if format != "png" {
		t.Errorf("icon format %q, want png", format)
	}
	if got := img.Bounds().Size(); got != image.Pt(512, 512) {
		t.Fatalf("icon size %v, want 512×512", got)
	}
	// Rounded corners must be see-through and the body solid, or the icon
	// shows as a square with white corners on a coloured taskbar.
	if _, _, _, a := img.At(2, 2).RGBA(); a != 0 {
		t.Errorf("corner alpha %d, want transparent", a)
	}
	if _, _, _, a := img.At(256, 60).RGBA(); a != 0xffff {
		t.Errorf("body alpha %d, want opaque", a)
	}
}

func TestFontsCoverJapaneseBusinessText(t *testing.T) {
	// Absent from upstream Noto Sans JP itself, so no subset can add them.
	// Fyne falls back to a system font for these few math symbols.
	upstreamMissing := map[rune]bool{'≒': true}

	want := append([]rune("出勤簿異常体温マスクなし連携髙﨑①⑳℃°●▲■→─～〜ｱＡ"), cp932Chars(t)...)
	for _, res := range []fyne.Resource{assets.FontRegular(), assets.FontBold()} {
		t.Run(res.Name(), func(t *testing.T) {
			cmap, err := parseCmap(res.Content())
			if err != nil {
				t.Fatalf("parse %s: %v", res.Name(), err)
			}
			var missing []rune
			for _, r := range want {
				if !cmap[r] && !upstreamMissing[r] {
					missing = append(missing, r)
				}
			}
			if len(missing) > 0 {
				t.Errorf("%s lacks %d characters, e.g. %q", res.Name(), len(missing), string(missing[:min(len(missing), 40)]))
			}
			// A font mapping everything would pass the check above; keep
			// the subset a subset so the binary stays small.
			if len(res.Content()) > 3<<20 {
				t.Errorf("%s is %d bytes, want under 3 MiB", res.Name(), len(res.Content()))
			}
		})
	}
}

func TestTranslationsLoadIntoFyne(t *testing.T) {
	for _, name := range []string{"ja.json", "en.json"} {
		data, err := fs.ReadFile(translations.FS, name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(data, &msgs); err != nil {
			t.Errorf("%s is not a JSON object: %v", name, err)
		}
		if len(msgs) == 0 {
			t.Errorf("%s has no messages", name)
		}
	}
	for _, name := range []string{"ja.json", "book.ja.json", "fyne.ja.json"} {
		data, _ := fs.ReadFile(translations.FS, name)
		if err := lang.AddTranslationsForLocale(data, "ja"); err != nil {
			t.Errorf("lang.AddTranslationsForLocale(%s): %v", name, err)
		}
	}
}

// cp932Chars returns every character of Windows-31J (CP932) reachable by a
// two-byte code: JIS X 0208 levels 1 and 2 with its symbol rows, the NEC
// row 13 symbols and the NEC/IBM extension kanji. User-defined codes and
// unassigned codes are skipped.
func cp932Chars(t *testing.T) []rune {
	t.Helper()
	dec := japanese.ShiftJIS.NewDecoder()
	var out []rune
	for lead := 0x81; lead <= 0xFC; lead++ {
		if lead >= 0xA0 && lead < 0xE0 || lead >= 0xF0 && lead <= 0xF9 {
			continue // half-width katakana and the user-defined area
		}
		for trail := 0x40; trail <= 0xFC; trail++ {
			if trail == 0x7F {
				continue
			}
			s, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			if err != nil {
				continue
			}
			r, _ := utf8.DecodeRune(s)
			if r != utf8.RuneError && r >= 0x80 && utf8.RuneCount(s) == 1 {
				out = append(out, r)
			}
		}
	}
	if len(out) < 7000 {
		t.Fatalf("decoded only %d CP932 characters; the decoder is not what this test assumes", len(out))
	}
	return out
}

// parseCmap returns the characters a TrueType font maps to a real glyph,
// read from its Unicode BMP (format 4) cmap subtable.
func parseCmap(font []byte) (map[rune]bool, error) {
	be := binary.BigEndian
	if len(font) < 12 || be.Uint32(font) != 0x00010000 {
		return nil, fmt.Errorf("not a TrueType font")
	}
	var cmap []byte
	for i, n := 0, int(be.Uint16(font[4:])); i < n; i++ {
		rec := font[12+16*i:]
		if string(rec[:4]) == "cmap" {
			off, length := be.Uint32(rec[8:]), be.Uint32(rec[12:])
			cmap = font[off : off+length]
		}
	}
	if cmap == nil {
		return nil, fmt.Errorf("no cmap table")
	}
	for i, n := 0, int(be.Uint16(cmap[2:])); i < n; i++ {
		rec := cmap[4+8*i:]
		platform, encoding := be.Uint16(rec), be.Uint16(rec[2:])
		sub := cmap[be.Uint32(rec[4:]):]
		if platform == 3 && encoding == 1 && be.Uint16(sub) == 4 {
			return parseFormat4(sub), nil
		}
	}
	return nil, fmt.Errorf("no Windows Unicode BMP (3,1) format 4 subtable")
}

func parseFormat4(sub []byte) map[rune]bool {
	be := binary.BigEndian
	segs := int(be.Uint16(sub[6:])) / 2
	ends := sub[14:]
	starts := ends[2*segs+2:]
	deltas := starts[2*segs:]
	rangeOffs := deltas[2*segs:]
	mapped := make(map[rune]bool)
	for i := 0; i < segs; i++ {
		start, end := int(be.Uint16(starts[2*i:])), int(be.Uint16(ends[2*i:]))
		delta, ro := be.Uint16(deltas[2*i:]), int(be.Uint16(rangeOffs[2*i:]))
		for c := start; c <= end && c != 0xFFFF; c++ {
			var glyph uint16
			if ro == 0 {
				glyph = uint16(c) + delta
			} else if g := be.Uint16(rangeOffs[2*i+ro+2*(c-start):]); g != 0 {
				glyph = g + delta
			}
			if glyph != 0 {
				mapped[rune(c)] = true
			}
		}
	}
	return mapped
}
