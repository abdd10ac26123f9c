def count(n):
    print("start", n)
    i = 0
    while i < n:
        print("yielding", i)
        yield i
        print("resumed after", i)
        i += 1
    print("end")

g = count(3)
print(type(g).__name__)
print(next(g))
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value, e.args)
try:
    next(g)
except StopIteration as e:
    print("again StopIteration", e.value)
print(list(count(4)))
for x in count(2):
    print("for got", x)

def empty():
    return
    yield
print(list(empty()))

def no_yield_run():
    if False:
        yield 1
print(list(no_yield_run()))
print(next(count(0), "default"))
