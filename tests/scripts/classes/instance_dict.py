class P:
    cls_attr = 1
    def __init__(self):
        self.a = 1
        self.b = 2
p = P()
print(p.__dict__)
p.__dict__["c"] = 3
print(p.c)
print(vars(p) is p.__dict__)
print("cls_attr" in p.__dict__, "cls_attr" in P.__dict__)
print(p.__class__ is P, p.__class__.__name__)
del p.__dict__["a"]
print(hasattr(p, "a"))
print([k for k in dir(p) if not k.startswith("__")])
class Q(P):
    extra = "q"
print([k for k in dir(Q()) if not k.startswith("__")])
