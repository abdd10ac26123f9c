s = "abc"
print(s + "def", s * 3, 3 * s, s * 0, s * -1, "" * 5)
print(s[0], s[-1], s[1:], s[:-1], s[::-1])
print("b" in s, "bc" in s, "ac" in s)
print(s == "abc", s != "abd", s < "abd", s > "ab", "a" < "B")
print(str(123), str(1.5), str(None), str(True), str([1, "a"]), str((1,)), str({"a": 1}))
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("\\"), repr("\n"))
try:
    s[0] = "x"
except TypeError as e:
    print("TypeError:", e)
print(list(s), tuple(s), sorted("banana"), min("hello"), max("hello"))
print("".join(reversed("stressed")), len(s), s.__len__())
for i, c in enumerate("xyz"):
    print(i, c, end="; ")
print()
print("%s" % "x", "a" "b", "ab".__add__("cd"), hash("") == hash(""), str() == "")
print("abc".count("a") + "abc".index("c"), "Mississippi".replace("ss", "SS").lower())
