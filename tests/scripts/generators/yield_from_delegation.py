def inner():
    try:
        x = yield "i1"
        print("inner got", x)
        y = yield "i2"
        print("inner got", y)
    except KeyError as e:
        print("inner caught KeyError", e)
        yield "i-recovered"
    finally:
        print("inner finally")
    return "inner-result"

def outer():
    print("outer start")
    r = yield from inner()
    print("outer got result", r)
    z = yield "o1"
    print("outer got", z)
    return "outer-done"

g = outer()
print(next(g))
print(g.send("s1"))
print(g.send("s2"))
try:
    g.send("s3")
except StopIteration as e:
    print("stop", e.value)

g = outer()
print(next(g))
print(g.throw(KeyError("k")))
print(next(g))
try:
    g.throw(IndexError("idx"))
except IndexError as e:
    print("IndexError out", e)

g = outer()
next(g)
print(g.gi_yieldfrom is not None)
g.close()
print("closed", g.gi_yieldfrom)

def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], (3,), range(4, 6), "ab", {7: 0})))

def sub_list():
    r = yield from [10, 20]
    print("list delegate result", r)
print(list(sub_list()))
