def trace(fn):
    def wrapper(*args, **kwargs):
        print("call", fn.__name__, [a for a in args if type(a) in (int, str)], kwargs)
        result = fn(*args, **kwargs)
        print("ret", result)
        return result
    return wrapper
@trace
def add(a, b):
    return a + b
add(1, 2)
add(b=5, a=1)
def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
@repeat(3)
def hello(name):
    return "hi " + name
print(hello("bob"))
def mark(tag):
    def deco(fn):
        print("decorating", fn.__name__, "with", tag)
        return fn
    return deco
@mark("outer")
@mark("inner")
def target():
    return "target"
print(target())
registry = []
def register(fn):
    registry.append(fn.__name__)
    return fn
@register
def a(): pass
@register
def b(): pass
print(registry)
class Holder:
    @trace
    def method(self, x):
        return x * 2
Holder().method(21)
