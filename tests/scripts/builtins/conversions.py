print(str(42), str(-1.5), str([1]), str("s"), str(), repr(42), repr("s"))
print(int("7") + float("0.5"), bool("False"), bool(""), list("abc"), tuple([1]), set([1, 1]))
print(dict([("a", 1)]), dict(a=1), frozenset([2, 2, 1]))
print(chr(65), chr(0x1F600), ord("A"), ord("€"), ord("\n"))
print(hex(255), oct(255), bin(255), hex(-1), bin(-5), oct(0))
print(bytes([104, 105]), bytes("hé", "utf-8"), bytes(2), list(bytes(b"AB")))
print(format(255, "x"), format(0.5, ".0%"), format("s", "^5"), format(7), format(1.25))
print(float(7), int(7.9), int("-0"), float("-0"), str(0.1 + 0.2), repr(1e-10))
print(list(range(5, 0, -2)), list(range(0)), list(range(-3, 3)), range(10)[-1], len(range(0, 100, 7)))
print(abs(-7), round(7.567, 1), divmod(9, 4), pow(3, 3), min(4, 2, 8), max("b", "a"))
try:
    chr(0x110000)
except ValueError as e:
    print("ValueError:", e)
try:
    ord("")
except TypeError as e:
    print("TypeError:", e)
