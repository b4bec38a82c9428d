package userdir

import "golang.org/x/sys/windows"

func documents() string {
	d, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0)
	if err != nil {
		return ""
	}
	return d
}
