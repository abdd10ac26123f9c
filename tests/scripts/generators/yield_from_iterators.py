class Plain:
    def __init__(self):
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.i += 1
        if self.i > 3:
            raise StopIteration
        return self.i

class WithThrow(Plain):
    def throw(self, exc):
        print("WithThrow.throw got", repr(exc))
        return "thrown-value"
    def close(self):
        print("WithThrow.close called")

def deleg(it):
    try:
        r = yield from it
        print("delegate returned", r)
    except ValueError as e:
        print("delegator caught", repr(e))
        yield "after catch"

g = deleg(Plain())
print(next(g))
print(g.throw(ValueError("into plain")))
g = deleg(WithThrow())
print(next(g))
print(g.throw(ValueError("into throw-capable")))
print(next(g))
g.close()
print("closed")
g = deleg(iter([1, 2]))
print(next(g), g.gi_yieldfrom is not None)
print(list(g))
def lazy(tag, it):
    for x in it:
        print(tag, "passes", x)
        yield x
pipeline = lazy("c", (x * 10 for x in lazy("b", lazy("a", range(3)))))
print("nothing ran yet")
for v in pipeline:
    print("consumer got", v)
def gen_ret_in_finally():
    try:
        yield 1
    finally:
        return "from finally"
g = gen_ret_in_finally()
next(g)
print("close with return in finally ->", g.close())
g = gen_ret_in_finally()
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)
