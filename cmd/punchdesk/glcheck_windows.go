package main

import (
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32   = windows.NewLazySystemDLL("user32.dll")
	gdi32    = windows.NewLazySystemDLL("gdi32.dll")
	opengl32 = windows.NewLazySystemDLL("opengl32.dll")

	createWindowEx    = user32.NewProc("CreateWindowExW")
	destroyWindow     = user32.NewProc("DestroyWindow")
	getDC             = user32.NewProc("GetDC")
	releaseDC         = user32.NewProc("ReleaseDC")
	messageBox        = user32.NewProc("MessageBoxW")
	choosePixelFormat = gdi32.NewProc("ChoosePixelFormat")
	setPixelFormat    = gdi32.NewProc("SetPixelFormat")
	wglCreateContext  = opengl32.NewProc("wglCreateContext")
	wglMakeCurrent    = opengl32.NewProc("wglMakeCurrent")
	wglDeleteContext  = opengl32.NewProc("wglDeleteContext")
	glGetString       = opengl32.NewProc("glGetString")
)

// pixelFormatDescriptor is PIXELFORMATDESCRIPTOR.
type pixelFormatDescriptor struct {
	size, version                                          uint16
	flags                                                  uint32
	pixelType, colorBits, redBits, redShift, greenBits     uint8
	greenShift, blueBits, blueShift, alphaBits, alphaShift uint8
	accumBits, accumRedBits, accumGreenBits, accumBlueBits uint8
	accumAlphaBits, depthBits, stencilBits, auxBuffers     uint8
	layerType, reserved                                    uint8
	layerMask, visibleMask, damageMask                     uint32
}

// checkOpenGL makes a throw-away OpenGL context on a hidden window and
// reads its version, before Fyne tries and fails without a word.
func checkOpenGL() error {
	runtime.LockOSThread() // a GL context belongs to its thread
	defer runtime.UnlockOSThread()
	class, _ := windows.UTF16PtrFromString("STATIC")
	const wsPopup = 0x80000000
	hwnd, _, err := createWindowEx.Call(0, uintptr(unsafe.Pointer(class)), 0, wsPopup, 0, 0, 1, 1, 0, 0, 0, 0)
	if hwnd == 0 {
		return fmt.Errorf("no window for the OpenGL check: %v", err)
	}
	defer destroyWindow.Call(hwnd)
	hdc, _, _ := getDC.Call(hwnd)
	if hdc == 0 {
		return fmt.Errorf("no device context for the OpenGL check")
	}
	defer releaseDC.Call(hwnd, hdc)
	const drawToWindow, supportOpenGL, doubleBuffer = 0x4, 0x20, 0x1
	pfd := pixelFormatDescriptor{version: 1, flags: drawToWindow | supportOpenGL | doubleBuffer, colorBits: 32, depthBits: 24}
	pfd.size = uint16(unsafe.Sizeof(pfd))
	format, _, _ := choosePixelFormat.Call(hdc, uintptr(unsafe.Pointer(&pfd)))
	if format == 0 {
		return fmt.Errorf("the display driver offers no OpenGL pixel format")
	}
	if ok, _, _ := setPixelFormat.Call(hdc, format, uintptr(unsafe.Pointer(&pfd))); ok == 0 {
		return fmt.Errorf("the display driver refused an OpenGL pixel format")
	}
	ctx, _, _ := wglCreateContext.Call(hdc)
	if ctx == 0 {
		return fmt.Errorf("the display driver cannot create an OpenGL context")
	}
	defer wglDeleteContext.Call(ctx)
	if ok, _, _ := wglMakeCurrent.Call(hdc, ctx); ok == 0 {
		return fmt.Errorf("the display driver cannot use an OpenGL context")
	}
	defer wglMakeCurrent.Call(0, 0)
	const glVersion = 0x1F02
	p, _, _ := glGetString.Call(glVersion)
	if p == 0 {
		return glVersionProblem("")
	}
	// The string is the driver's, valid while the context is current; read
	// through a pointer to the value so that no uintptr becomes a pointer.
	return glVersionProblem(windows.BytePtrToString(*(**byte)(unsafe.Pointer(&p))))
}

// showNativeError shows a Windows message box: what a person who started
// the app from the Start menu sees when no Fyne window can open.
func showNativeError(title, text string) {
	t, _ := windows.UTF16PtrFromString(title)
	m, _ := windows.UTF16PtrFromString(text)
	const mbIconError = 0x10
	messageBox.Call(0, uintptr(unsafe.Pointer(m)), uintptr(unsafe.Pointer(t)), mbIconError)
}
