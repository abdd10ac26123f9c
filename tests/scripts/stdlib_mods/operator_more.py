import operator
from operator import attrgetter, itemgetter, methodcaller
print(itemgetter(slice(1, 3))("abcdef"), itemgetter(-1, 0)([1, 2, 3]), itemgetter(1, 0))
print(attrgetter("real"), attrgetter("a", "b.c"), methodcaller("f", 1, "x", k=[2]))
try:
    attrgetter(1)
except TypeError as e:
    print("TypeError", e)
try:
    methodcaller(3)
except TypeError as e:
    print("TypeError", e)
try:
    attrgetter("nope")(1)
except AttributeError as e:
    print("AttributeError", e)
try:
    itemgetter(5)([1])
except IndexError as e:
    print("IndexError", e)
class Hint:
    def __length_hint__(self):
        return 12
class Neg:
    def __length_hint__(self):
        return -1
class Ni:
    def __length_hint__(self):
        return NotImplemented
print(operator.length_hint(Hint()), operator.length_hint(Ni(), 4), operator.length_hint(object(), 2))
try:
    operator.length_hint(Neg())
except ValueError as e:
    print("ValueError", e)
class Box:
    def __init__(self, v):
        self.v = v
    def __iadd__(self, o):
        self.v += o
        return self
    def __add__(self, o):
        return Box(self.v + o)
b = Box(1)
r = operator.iadd(b, 5)
print(r is b, b.v, operator.add(b, 1).v, b.v)
t = (1, 2)
print(operator.iadd(t, (3,)), t, operator.iconcat("ab", "c"), operator.imod(17, 5), operator.ifloordiv(17, 5))
print(operator.iand(6, 3), operator.ixor(6, 3), operator.irshift(64, 3), operator.isub(1.5, 0.5))
data = [{"n": "b", "a": 2}, {"n": "a", "a": 2}, {"n": "c", "a": 1}]
print([d["n"] for d in sorted(data, key=itemgetter("a", "n"))])
print(list(map(methodcaller("strip", "x"), ["xax", "bxx"])), operator.countOf("banana", "a"))
print(operator.truth(0.0), operator.not_([1]), operator.neg(-0.5), operator.pos(True), operator.inv(0))
