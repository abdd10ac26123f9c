s = "  the quick  brown\tfox\njumps  "
print(s.split())
print(s.split(" "))
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "a,b,,c".split(",", -1))
print("a,b,c".rsplit(",", 1), "a b c d".rsplit(None, 2), "".split(), "".split(","))
print("x".split("x"), "xax".split("x"), "aaa".split("a"))
print("one  two".split(" "), "  lead".split(), "trail  ".rsplit())
print(",".join(["a", "b", "c"]), "".join(["x", "y"]), "-".join("abc"), " ".join([]))
print("::".join(["only"]), ", ".join([str(i) for i in range(5)]))
try:
    "a".split("")
except ValueError as e:
    print("ValueError:", e)
print("1 2 3".split(maxsplit=1), "a-b-c".rsplit(sep="-", maxsplit=1))
