print(type(1), type(1.0), type("s"), type([]), type(()), type({}), type(set()), type(None))
print(type(1) is int, type(True) is bool, type(type), type(object))
print(isinstance(1, int), isinstance(True, int), isinstance(1, (str, float)), isinstance(1, (str, int)))
print(isinstance([], list), isinstance({}, dict), isinstance("x", object), isinstance(None, object))
print(issubclass(bool, int), issubclass(int, object), issubclass(int, (str, int)), issubclass(list, list))
class A: pass
class B(A): pass
print(isinstance(B(), A), isinstance(A(), B), issubclass(B, A), issubclass(A, (B, object)))
print(callable(len), callable(A), callable(A()), callable(lambda: 0), callable("s"), callable(print))
try:
    isinstance(1, 1)
except TypeError as e:
    print("TypeError:", e)
try:
    issubclass(1, int)
except TypeError as e:
    print("TypeError:", e)
print(type("x")("abc"), type(5)("12") + 1, type([])((1, 2)))
print(type(A()).__name__, A.__name__, type(A).__name__, B.__bases__[0].__name__)
