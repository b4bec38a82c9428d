package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/punchdesk/punchdesk/core/domain"
	uitheme "github.com/punchdesk/punchdesk/ui/theme"
)

// TestGoldenStaffTable draws the staff list — Japanese names of mixed
// widths, a long group cut with an ellipsis, 有効/無効 — with PunchDesk's
// theme in light and dark and compares the pixels with
// testdata/staff_table_{light,dark}.png. A change in the theme, the fonts,
// the column widths or the table builder shows up here; when the change is
// meant, the image Fyne writes under testdata/failed/ becomes the new one.
func TestGoldenStaffTable(t *testing.T) {
	members := []domain.StaffMember{
		{Code: "1001", Name: "佐藤 健太", Group: "営業部", Active: true},
		{Code: "01002", Name: "鈴木 美咲", Group: "総務部", Active: true},
		{Code: "A-17", Name: "ﾔﾏﾀﾞ ﾀﾛｳ", Group: "", Active: false},
		{Code: "2024001", Name: "長谷川 ひかり", Group: "製造部 第二工場 夜勤班 B", Active: true},
	}
	for _, variant := range []string{uitheme.VariantLight, uitheme.VariantDark} {
		t.Run(variant, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(uitheme.WithVariant(variant))
			rows := make([]staffRow, len(members))
			for i, m := range members {
				rows[i] = staffRowOf(m)
			}
			table := newTable(staffColumns, func() []staffRow { return rows }, nil)
			w := test.NewTempWindow(t, table)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(500, 190))
			test.AssertImageMatches(t, "staff_table_"+variant+".png", w.Canvas().Capture())
		})
	}
}
