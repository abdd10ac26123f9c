def echo():
    received = None
    while True:
        try:
            received = yield received
        except ValueError as e:
            received = "handled " + str(e)
        finally:
            pass
g = echo()
print(next(g))
print(g.send("hello"))
print(g.throw(ValueError("boom")))
g.close()
try:
    next(g)
except StopIteration:
    print("closed")
def delegate():
    result = yield from [1, 2, 3]
    return result
print(list(delegate()))
