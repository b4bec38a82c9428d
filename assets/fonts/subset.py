#!/usr/bin/python3
"""Subset Noto Sans JP to what Japanese business text needs.

The full Noto Sans JP TTFs are about 5.5 MB each; PunchDesk embeds two of them
in the binary, so we keep only the characters an attendance/payroll office
actually types and reads. See README.md beside this file for where the source
fonts come from.

Usage (Debian's python3-fonttools, no pip needed):

    /usr/bin/python3 assets/fonts/subset.py SRC_DIR

SRC_DIR is the extracted npm package (the folder holding 400Regular/ and
700Bold/) or a folder holding the two TTFs directly. The script writes
NotoSansJP-Regular.ttf and NotoSansJP-Bold.ttf beside itself and exits
non-zero if any character we promise in the app is missing from the result.
"""

import codecs
import os
import sys
import tempfile

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))

# (source file name, output file name)
FONTS = [
    ("NotoSansJP_400Regular.ttf", "NotoSansJP-Regular.ttf"),
    ("NotoSansJP_700Bold.ttf", "NotoSansJP-Bold.ttf"),
]

# Whole Unicode blocks kept regardless of JIS membership: the font may lack
# some code points in them, which the subsetter silently skips.
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (includes the degree sign)
    (0x2000, 0x206F),  # general punctuation
    (0x20AC, 0x20AC),  # euro sign
    (0x2103, 0x2103),  # degree Celsius (body temperature)
    (0x2109, 0x2109),  # degree Fahrenheit (devices may report it)
    (0x2116, 0x2116),  # numero sign
    (0x2122, 0x2122),  # trade mark sign
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x2473),  # circled digits 1-20
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x309F),  # hiragana
    (0x30A0, 0x30FF),  # katakana
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0xFFFD, 0xFFFD),  # replacement character, shown for undecodable input
]

# Characters the app relies on; the build fails if any is missing. 髙 and 﨑
# are CP932 (IBM/NEC) extensions common in people's names.
REQUIRED = "出勤簿異常体温マスクなし連携髙﨑①⑳℃°●▲■→─～〜ｱＡ"


def double_byte_chars(encoding):
    """Every character reachable through a two-byte code of encoding.

    Decoding each lead/trail byte pair covers JIS X 0208 (levels 1 and 2 and
    its non-kanji rows) for shift_jis, plus the NEC row 13 symbols and the
    NEC-selected/IBM extension kanji for cp932. User-defined codes decode to
    the Private Use Area and are dropped.
    """
    chars = set()
    for lead in list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD)):
        for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
            try:
                s = codecs.decode(bytes([lead, trail]), encoding)
            except UnicodeDecodeError:
                continue
            for ch in s:
                if not 0xE000 <= ord(ch) <= 0xF8FF:
                    chars.add(ord(ch))
    return chars


def codepoints():
    cps = set()
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    # shift_jis and cp932 map a few JIS codes differently (〜 U+301C vs ～
    # U+FF5E, − U+2212 vs － U+FF0D); text from either source must render.
    cps |= double_byte_chars("shift_jis")
    cps |= double_byte_chars("cp932")
    return sorted(cps)


def subset_args(src, dst, unicodes_file):
    """pyftsubset arguments; README.md shows the same command."""
    return [
        src,
        "--unicodes-file=" + unicodes_file,
        "--output-file=" + dst,
        # The source is already unhinted apart from a trivial prep/gasp, and
        # Fyne rasterises without hinting; dropping it saves a few bytes.
        "--no-hinting",
        # Keep every name record so the OFL copyright and licence notices
        # (name IDs 0, 13, 14) travel with the file.
        "--name-IDs=*",
        "--name-languages=*",
        # Vertical metrics, vertical alternates and vertical kerning are
        # useless to Fyne, which only lays out horizontal text; the
        # alternates alone are several hundred glyphs.
        "--drop-tables+=vhea,vmtx",
        "--layout-features-=vert,vrt2,vkrn,vpal,valt,vhal,vkna",
    ]


def find_source(src_dir, name):
    for candidate in (
        os.path.join(src_dir, name),
        os.path.join(src_dir, name.split("_")[1].split(".")[0], name),
    ):
        if os.path.isfile(candidate):
            return candidate
    sys.exit("subset: %s not found under %s" % (name, src_dir))


def check(path):
    cmap = TTFont(path).getBestCmap()
    missing = [c for c in REQUIRED if ord(c) not in cmap]
    if missing:
        sys.exit("subset: %s lacks glyphs for %s" % (path, "".join(missing)))
    return len(cmap)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src_dir = sys.argv[1]
    cps = codepoints()
    with tempfile.TemporaryDirectory() as tmp:
        unicodes_file = os.path.join(tmp, "unicodes.txt")
        with open(unicodes_file, "w") as f:
            f.write("\n".join("U+%04X" % cp for cp in cps) + "\n")
        for src_name, dst_name in FONTS:
            src = find_source(src_dir, src_name)
            dst = os.path.join(HERE, dst_name)
            subset.main(subset_args(src, dst, unicodes_file))
            mapped = check(dst)
            print("%s: %d bytes, %d characters mapped (%d requested)"
                  % (dst_name, os.path.getsize(dst), mapped, len(cps)))


if __name__ == "__main__":
    main()
