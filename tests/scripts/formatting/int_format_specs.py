values = [0, 7, -7, 255, 1000000, -123456789, 2 ** 40]
for v in values:
    print(f"{v}|{v:d}|{v:5d}|{v:<6}|{v:^7}|{v:>8}|{v:+}|{v: }|{v:,}|{v:_}|{v:x}|{v:#X}|{v:o}|{v:b}|{v:08}|{v:=+9}")
print(f"{65:c}{97:c}", f"{255:#010x}", f"{-255:#x}", f"{5:#b}", f"{0:#o}")
print(f"{10:e}", f"{10:.2f}", f"{10:g}", f"{10:%}")
print(f"{True}", f"{True:d}", f"{False:>5}", f"{None}", f"{None!r:>6}")
print(f"{2**64:,}", f"{-2**70:_x}", f"{10**30:e}")
print(format(12345678, "_b"))
try:
    f"{1.5:d}"
except ValueError as e:
    print("ValueError:", e)
try:
    f"{'s':d}"
except ValueError as e:
    print("ValueError:", e)
