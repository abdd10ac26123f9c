for s in ["a", "abc", "abcdef"]:
    print("[" + s.center(5) + "]", "[" + s.ljust(5, ".") + "]", "[" + s.rjust(5, "*") + "]")
print("[" + "ab".center(7, "-") + "]", "[" + "abc".center(6, "-") + "]", "[" + "ab".center(1) + "]")
print("42".zfill(5), "-42".zfill(5), "+7".zfill(4), "abc".zfill(6), "12345".zfill(3), "".zfill(2))
print("x".ljust(0), "x".rjust(-5), "x".center(2, "0"))
try:
    "x".center(5, "ab")
except TypeError as e:
    print("TypeError:", e)
