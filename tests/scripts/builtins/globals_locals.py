x = 10
def f(a, b=2):
    c = a + b
    loc = locals()
    return sorted(loc.items())
print(f(1))
g = globals()
print("x" in g, g["x"], "__name__" in g, g["__name__"], "f" in g)
g["created_via_globals"] = "yes"
print(created_via_globals)
def names():
    local_one = 1
    local_two = 2
    return dir()
print(names())
print(sorted([n for n in dir() if not n.startswith("__")]))
class C:
    a = 1
    b = 2
    inside = sorted([k for k in locals() if not k.startswith("__")])
print(C.inside)
print(type(globals()).__name__, type(locals()).__name__, globals() is locals())
