//go:build ignore

// Command gen draws the PunchDesk application icon, assets/icon.png: a
// rounded teal-to-blue square holding a white clock whose hands form a check
// mark ("punched in, all good").
//
// Run it from the repository root:
//
//	go run assets/icon/gen.go
//
// It uses only the standard library. Shapes are tested per sample point
// against their exact geometry at 4× the output size, and each output pixel
// averages its 4×4 samples, which anti-aliases every edge.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const (
	size = 512 // output pixels per side
	ss   = 4   // samples per pixel per axis
)

// Gradient ends of the background, top-left to bottom-right. The theme's
// primary colour (ui/theme) is taken from between them, so keep the two in
// step if these change.
var (
	teal = [3]float64{0x17, 0xB0, 0xA7}
	blue = [3]float64{0x15, 0x5F, 0xB8}
)

// All geometry is in units of the icon side (0..1, y down).
const (
	margin     = 0.04 // transparent border, as desktop icon sets expect
	corner     = 0.21 // rounded-square corner radius
	cx, cy     = 0.5, 0.5
	ringR      = 0.31 // clock ring centre-line radius
	ringW      = 0.055
	tickIn     = 0.225 // hour ticks run from this radius...
	tickOut    = 0.255 // ...to this one
	tickW      = 0.04
	handW      = 0.062
	hourLen    = 0.13  // the short stroke of the check...
	hourDeg    = 305.0 // ...towards 10 o'clock (degrees clockwise from 12)
	minuteLen  = 0.235 // the long stroke...
	minuteDeg  = 35.0  // ...towards 1 o'clock
	checkDropY = 0.055
)

func main() {
	out := flag.String("o", "assets/icon.png", "output PNG path")
	flag.Parse()

	img := render()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatalf("icon: %v", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		log.Fatalf("icon: encode %s: %v", *out, err)
	}
	if err := f.Close(); err != nil {
		log.Fatalf("icon: write %s: %v", *out, err)
	}
	fmt.Printf("wrote %s (%d×%d)\n", *out, size, size)
}

func render() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	n := float64(size * ss)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			// Premultiplied sums over the sub-samples.
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px*ss+sx) + 0.5) / n
					y := (float64(py*ss+sy) + 0.5) / n
					if !inRoundedSquare(x, y) {
						continue
					}
					c := background(x, y)
					if inGlyph(x, y) {
						c = [3]float64{255, 255, 255}
					}
					r += c[0]
					g += c[1]
					b += c[2]
					a++
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)),
				G: uint8(math.Round(g / a)),
				B: uint8(math.Round(b / a)),
				A: uint8(math.Round(a * 255 / (ss * ss))),
			})
		}
	}
	return img
}

// background is a diagonal gradient with a soft light falling from the top,
// so the flat square reads as a surface rather than a swatch.
func background(x, y float64) [3]float64 {
	t := clamp((x+y-2*margin)/(2-4*margin), 0, 1)
	light := 1 + 0.10*(1-y)
	var c [3]float64
	for i := range c {
		c[i] = clamp((teal[i]+(blue[i]-teal[i])*t)*light, 0, 255)
	}
	return c
}

func inRoundedSquare(x, y float64) bool {
	// Distance to the inner rectangle whose rounded offset is the square.
	lo, hi := margin+corner, 1-margin-corner
	dx := math.Max(math.Max(lo-x, x-hi), 0)
	dy := math.Max(math.Max(lo-y, y-hi), 0)
	return x >= margin && x <= 1-margin && y >= margin && y <= 1-margin &&
		dx*dx+dy*dy <= corner*corner
}

// inGlyph reports whether (x, y) is on the white clock: ring, four hour
// ticks, the two check-mark hands and the hub.
func inGlyph(x, y float64) bool {
	d := math.Hypot(x-cx, y-cy)
	if math.Abs(d-ringR) <= ringW/2 {
		return true
	}
	for deg := 0.0; deg < 360; deg += 90 {
		ax, ay := polar(deg, tickIn)
		bx, by := polar(deg, tickOut)
		if segDist(x, y, ax, ay, bx, by) <= tickW/2 {
			return true
		}
	}
	// The hands meet a little below the centre so the check mark sits
	// visually centred in the ring.
	vx, vy := cx, cy+checkDropY
	hx, hy := polar(hourDeg, hourLen)
	mx, my := polar(minuteDeg, minuteLen)
	hy += checkDropY
	my += checkDropY
	return segDist(x, y, vx, vy, hx, hy) <= handW/2 ||
		segDist(x, y, vx, vy, mx, my) <= handW/2
}

// polar returns the point at radius r from the clock centre, deg degrees
// clockwise from 12 o'clock.
func polar(deg, r float64) (float64, float64) {
	rad := deg * math.Pi / 180
	return cx + r*math.Sin(rad), cy - r*math.Cos(rad)
}

// segDist is the distance from (x, y) to the segment a–b; comparing it with
// half a width draws a stroke with round caps.
func segDist(x, y, ax, ay, bx, by float64) float64 {
	vx, vy := bx-ax, by-ay
	t := clamp(((x-ax)*vx+(y-ay)*vy)/(vx*vx+vy*vy), 0, 1)
	return math.Hypot(x-(ax+t*vx), y-(ay+t*vy))
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
