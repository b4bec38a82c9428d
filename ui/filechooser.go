package ui

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/userdir"
)

// fileChooser picks a file (of some extensions) or a folder. It is
// PunchDesk's own because Fyne's names its places in English (Home,
// Computer, Documents…) with no way to translate them; this one is
// Japanese throughout and shows only what the task can use.
type fileChooser struct {
	app        *App
	folderOnly bool
	exts       []string // lower case, with the dot
	done       func(path string)

	dir      string
	entries  []chooserEntry
	chosen   string // the file picked, "" for none
	location *widget.Entry
	list     *widget.List
	empty    *widget.Label
	problem  *widget.Label
	choose   *widget.Button
	dialog   *dialog.CustomDialog
	gen      int // drops a listing that a later navigation overtook
}

type chooserEntry struct {
	name string
	dir  bool
}

// showFileChooser opens the chooser at start (the Documents folder when
// start is "" or gone); done gets the chosen path.
func showFileChooser(app *App, title string, folderOnly bool, exts []string, start string, done func(path string)) *fileChooser {
	c := &fileChooser{app: app, folderOnly: folderOnly, done: done}
	for _, e := range exts {
		c.exts = append(c.exts, strings.ToLower(e))
	}
	c.location = &widget.Entry{}
	c.location.OnSubmitted = func(s string) { c.open(strings.TrimSpace(s)) }
	up := widget.NewButtonWithIcon(tr("chooser.up"), theme.MoveUpIcon(), func() { c.open(filepath.Dir(c.dir)) })
	c.list = widget.NewList(func() int { return len(c.entries) },
		func() fyne.CanvasObject {
			// A border, not a box: a box gives a truncating label no width.
			label := cellLabel("")
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), nil, label)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			label, icon := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Icon)
			e := c.entries[id]
			if e.dir {
				icon.SetResource(theme.FolderIcon())
			} else {
				icon.SetResource(theme.FileIcon())
			}
			label.SetText(e.name)
		})
	c.list.OnSelected = func(id widget.ListItemID) {
		if id < 0 || id >= len(c.entries) {
			return
		}
		e := c.entries[id]
		if e.dir {
			c.open(filepath.Join(c.dir, e.name))
			return
		}
		c.chosen = filepath.Join(c.dir, e.name)
		c.choose.Enable()
	}
	c.empty = &widget.Label{Text: tr("chooser.empty"), Importance: widget.LowImportance}
	c.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	chooseText := tr("chooser.open")
	if folderOnly {
		chooseText = tr("chooser.folder")
	}
	c.choose = &widget.Button{Text: chooseText, Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: c.finish}
	cancel := widget.NewButtonWithIcon(tr("common.cancel"), theme.CancelIcon(), func() { c.dialog.Hide() })
	places := container.NewVBox()
	for _, p := range chooserPlaces() {
		places.Add(widget.NewButtonWithIcon(p.name, p.icon, func() { c.open(p.path) }))
	}
	body := container.NewBorder(
		container.NewBorder(nil, nil, up, nil, c.location),
		container.NewVBox(c.problem, container.NewHBox(layout.NewSpacer(), cancel, c.choose)),
		container.NewVScroll(places), nil,
		container.NewStack(c.list, container.NewCenter(c.empty)))
	c.dialog = dialog.NewCustomWithoutButtons(title, body, app.win)
	c.dialog.Resize(fyne.NewSize(760, 500))
	c.dialog.Show()
	if start == "" || !isDir(start) {
		start = userdir.Documents()
	}
	c.open(start)
	return c
}

// open lists dir, off the UI goroutine (it may be a slow network share).
func (c *fileChooser) open(dir string) {
	if dir == "" {
		return
	}
	c.gen++
	gen := c.gen
	c.chosen = ""
	c.choose.Disable()
	if c.folderOnly {
		c.choose.Enable()
	}
	c.app.background(func(context.Context) {
		entries, err := c.read(dir)
		c.app.do(func() {
			if gen != c.gen {
				return
			}
			if err != nil {
				c.problem.SetText(errorText(err))
				c.location.SetText(c.dir)
				return
			}
			c.problem.SetText("")
			c.dir, c.entries = dir, entries
			c.location.SetText(dir)
			c.list.UnselectAll()
			c.list.Refresh()
			c.list.ScrollToTop()
			if len(entries) == 0 {
				c.empty.Show()
			} else {
				c.empty.Hide()
			}
		})
	})
}

// read lists the folders of dir and the files the chooser offers, folders
// first, by name; hidden entries are left out.
func (c *fileChooser) read(dir string) ([]chooserEntry, error) {
	all, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []chooserEntry
	for _, e := range all {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		isFolder := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			isFolder = isDir(filepath.Join(dir, name))
		}
		switch {
		case isFolder:
			out = append(out, chooserEntry{name: name, dir: true})
		case !c.folderOnly && slices.Contains(c.exts, strings.ToLower(filepath.Ext(name))):
			out = append(out, chooserEntry{name: name})
		}
	}
	slices.SortFunc(out, func(a, b chooserEntry) int {
		if a.dir != b.dir {
			if a.dir {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	return out, nil
}

func (c *fileChooser) finish() {
	path := c.chosen
	if c.folderOnly {
		path = c.dir
	}
	if path == "" {
		return
	}
	c.dialog.Hide()
	c.done(path)
}

// chooserPlace is a shortcut in the chooser's side list.
type chooserPlace struct {
	name string
	icon fyne.Resource
	path string
}

// chooserPlaces are the home and Documents folders, the desktop, and the
// drives (Windows) or the file system's root.
func chooserPlaces() []chooserPlace {
	var out []chooserPlace
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, chooserPlace{tr("chooser.home"), theme.HomeIcon(), home})
		if d := userdir.Documents(); d != "" && d != home {
			out = append(out, chooserPlace{tr("chooser.documents"), theme.DocumentIcon(), d})
		}
		if d := filepath.Join(home, "Desktop"); isDir(d) {
			out = append(out, chooserPlace{tr("chooser.desktop"), theme.ComputerIcon(), d})
		}
	}
	if runtime.GOOS == "windows" {
		for l := 'A'; l <= 'Z'; l++ {
			if d := string(l) + `:\`; isDir(d) {
				out = append(out, chooserPlace{tr("chooser.drive", map[string]any{"Drive": string(l) + ":"}), theme.StorageIcon(), d})
			}
		}
	} else {
		out = append(out, chooserPlace{tr("chooser.computer"), theme.StorageIcon(), "/"})
	}
	return out
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
