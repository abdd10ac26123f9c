s = "hello world, hello universe"
print(s.replace("hello", "bye"), s.replace("hello", "bye", 1), s.replace("zzz", "y"))
print("aaa".replace("a", "bb"), "abc".replace("", "-"), "aaaa".replace("aa", "a"))
print(s.find("hello"), s.find("hello", 1), s.find("nope"), s.find(""), s.find("o", 5, 10))
print(s.rfind("hello"), s.rfind("o"), s.rfind("zz"), s.rfind("", 3))
print(s.index("world"), s.rindex("l"))
try:
    s.index("xyz")
except ValueError as e:
    print("ValueError:", e)
try:
    s.rindex("xyz")
except ValueError as e:
    print("ValueError:", e)
print(s.count("l"), s.count("hello"), s.count(""), "aaaa".count("aa"), s.count("l", 0, 5))
print(s.startswith("hello"), s.startswith("world", 6), s.endswith("universe"), s.endswith(("x", "se")))
print(s.startswith(("a", "h")), "".startswith(""), "abc".endswith(""))
print("héllo wörld".find("w"), "日本語テキスト".index("テ"))
