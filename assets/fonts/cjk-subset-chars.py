"""Prints the characters kept in NotoSansSC-Subset.otf (see README.md beside this file)."""
import pathlib

chars = set()
# GB 2312 level 1: rows 0xB0-0xD7, the 3,755 commonest Chinese characters.
for hi in range(0xB0, 0xD8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
# CJK punctuation and full-width forms.
chars.update(chr(cp) for cp in list(range(0x3000, 0x3040)) + list(range(0xFF01, 0xFF5F)))
# Punctuation, arrows, maths and shapes that the UI and data use and egui's fonts lack
# (← → ⟲ …), so they render everywhere, tests included.
chars.update(chr(cp) for cp in range(0x2000, 0x2C00))
# Every CJK character of the built-in dossier.
dossier = pathlib.Path(__file__).resolve().parents[2] / "data" / "ai-governance-2025.json"
chars.update(c for c in dossier.read_text(encoding="utf-8") if ord(c) > 0x2E80)
print("".join(sorted(chars)))
