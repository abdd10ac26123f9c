print(int("42"), int("-17"), int("  12  "), int("+5"), int("1_000"))
print(int("ff", 16), int("0xff", 16), int("0xff", 0), int("0o17", 0), int("0b101", 0), int("z", 36))
print(int("777", 8), int("-101", 2), int("10", 0), int("Z", 36))
print(int(3.9), int(-3.9), int(True), int(1e20), int(-0.5))
print(int(), int("0"), int("-0"), int("00"))
for bad in ["", "1.5", "abc", "0x", "1 2", "_1", "1__0", "08"]:
    try:
        print(int(bad, 0) if bad == "08" else int(bad))
    except ValueError as e:
        print("ValueError:", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
try:
    int([1])
except TypeError as e:
    print("TypeError:", e)
print(int("123"), type(int("5")).__name__)
