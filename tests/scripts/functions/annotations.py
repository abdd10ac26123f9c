# Function annotations are evaluated when the def runs and kept in
# __annotations__ (CPython's order: parameters, *args, keyword-only, **kw, return).
def f(a: int, b: "str" = "x", *args: float, c: list[int] | None = None, **kw: dict) -> bool:
    return True


print(f.__annotations__)
print(f(1))


def g():
    pass


print(g.__annotations__)
g.__annotations__["x"] = 1
print(g.__annotations__)


class C:
    def m(self, x: "C") -> "C":
        return self

    n: int = 3


print(C.m.__annotations__, C.__annotations__)
try:
    def h(a: Undefined):
        pass
except NameError as e:
    print(e)
