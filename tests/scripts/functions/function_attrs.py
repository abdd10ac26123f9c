def f(x, y=1):
    return x + y
print(f.__name__, type(f).__name__, callable(f))
g = f
print(g.__name__, g(1), g is f)
f.custom = "attribute"
print(f.custom)
def outer():
    def inner():
        pass
    return inner
print(outer().__name__)
print(outer() is outer())
funcs = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b}
for name in ["add", "mul"]:
    print(name, funcs[name](6, 7))
def apply(fn, *args):
    return fn(*args)
print(apply(max, 3, 8, 1), apply(str.upper, "abc"), apply(len, [1, 2]))
print(f == f, f != g)
