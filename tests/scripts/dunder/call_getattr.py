class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x, *more):
        return self.n + x + sum(more)
add5 = Adder(5)
print(add5(1), add5(1, 2, 3), callable(add5), callable(Adder), callable(5))
class Dyn:
    existing = "real"
    def __getattr__(self, name):
        print("__getattr__", name)
        if name.startswith("x"):
            return name.upper()
        raise AttributeError(name)
d = Dyn()
print(d.existing, d.xyz)
print(hasattr(d, "nope"), getattr(d, "nope", "default"))
class Logged:
    def __setattr__(self, name, value):
        print("setattr", name, value)
        object.__setattr__(self, name, value * 2)
l = Logged()
l.a = 5
print(l.a, l.__dict__)
class Frozen:
    def __init__(self):
        object.__setattr__(self, "v", 1)
    def __setattr__(self, name, value):
        raise AttributeError(f"cannot set {name}")
    def __delattr__(self, name):
        raise AttributeError(f"cannot delete {name}")
f = Frozen()
for action in ("set", "del"):
    try:
        if action == "set":
            f.v = 2
        else:
            del f.v
    except AttributeError as e:
        print("AttributeError:", e)
print(f.v)
