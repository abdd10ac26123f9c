print(hash(0), hash(1), hash(-1), hash(-2), hash(10 ** 6), hash(True), hash(False))
print(hash(1.0), hash(2.0), hash(-3.0), hash(0.0), hash(-0.0))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)))
print(hash("abc") == hash("ab" + "c"), hash((1, "a")) == hash((1, "a")), hash(b"x") == hash(b"x"))
print(hash(10 ** 30) == hash(10 ** 30), hash(1) == hash(1.0) == hash(True))
try:
    hash([])
except TypeError as e:
    print("TypeError:", e)
try:
    hash({})
except TypeError as e:
    print("TypeError:", e)
try:
    hash((1, [2]))
except TypeError as e:
    print("TypeError:", e)
a = "some string"
b = a
print(id(a) == id(b), a is b)
c = [1]
d = [1]
print(id(c) == id(d), c == d)
print(isinstance(hash("s"), int), isinstance(id(c), int))
