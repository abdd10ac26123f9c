o = object()
print(type(o).__name__, isinstance(o, object), o == o, o != object(), hash(o) == hash(o))
try:
    o.x = 1
except AttributeError as e:
    print("AttributeError:", e)
print(NotImplemented, type(NotImplemented).__name__, Ellipsis, ..., ... is Ellipsis, type(...).__name__)
print((1).__eq__("a"), (1).__lt__("a"), "a".__eq__(1))
x = [1, 2]
print(id(x) == id(x), id(x) != id([1, 2]), isinstance(id(x), int))
print(repr(None), str(None), None.__class__.__name__, None is None)
print(len(dir(object)) > 10, "__init__" in dir(object), "__class__" in dir(o))
class Blank:
    pass
b = Blank()
print(b.__class__ is Blank, Blank.__name__, b.__dict__, Blank.__bases__ == (object,))
print(object.__name__, object.__bases__, type.__name__, type(type).__name__)
print(hash(None) == hash(None), hash("x") == hash("x"), hash(()) == hash(()))
