class P:
    cls = "class level"
    def __init__(self):
        self.x = 1
p = P()
print(getattr(p, "x"), getattr(p, "cls"), getattr(p, "missing", None))
setattr(p, "y", 2)
print(p.y, hasattr(p, "y"), hasattr(p, "z"))
delattr(p, "y")
print(hasattr(p, "y"))
try:
    getattr(p, "nothing")
except AttributeError as e:
    print("AttributeError:", e)
try:
    delattr(p, "nothing")
except AttributeError as e:
    print("AttributeError:", e)
try:
    P.nothing
except AttributeError as e:
    print("AttributeError:", e)
print(vars(p), sorted([k for k in vars(P) if not k.startswith("__")]))
print([n for n in dir(p) if not n.startswith("_")])
print(getattr("abc", "upper")(), getattr([1, 2], "__len__")())
try:
    setattr(5, "x", 1)
except AttributeError as e:
    print("AttributeError:", e)
try:
    getattr(p, 5)
except TypeError as e:
    print("TypeError:", e)
