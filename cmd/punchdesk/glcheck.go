package main

import (
	"fmt"
	"strconv"
	"strings"
)

// Fyne draws with OpenGL 2.1. A PC without a display driver that offers it
// — a Remote Desktop session or a VM with Windows' own 1.1 renderer — would
// close the app before any window could say why.
const minGLMajor, minGLMinor = 2, 1

// glVersionProblem reads a GL_VERSION string ("4.6.0 NVIDIA 551.23",
// "1.1.0") and says what is wrong with it, or returns nil when it is enough.
func glVersionProblem(version string) error {
	v := strings.TrimSpace(version)
	if v == "" {
		return fmt.Errorf("the display driver reports no OpenGL version")
	}
	numbers, _, _ := strings.Cut(v, " ")
	majorText, rest, _ := strings.Cut(numbers, ".")
	minorText, _, _ := strings.Cut(rest, ".")
	major, err1 := strconv.Atoi(majorText)
	minor, err2 := strconv.Atoi(minorText)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("the display driver reports an unreadable OpenGL version %q", v)
	}
	if major < minGLMajor || (major == minGLMajor && minor < minGLMinor) {
		return fmt.Errorf("the display driver offers OpenGL %d.%d; PunchDesk needs %d.%d or later", major, minor, minGLMajor, minGLMinor)
	}
	return nil
}
