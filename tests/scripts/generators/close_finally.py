def gen(label):
    try:
        print(label, "start")
        yield 1
        print(label, "after 1")
        yield 2
    except GeneratorExit:
        print(label, "GeneratorExit caught")
        raise
    finally:
        print(label, "finally")
g = gen("A")
print(next(g))
g.close()
print("closed A")
g.close()
print("second close ok")
print(next(g, "exhausted"))
g = gen("B")
g.close()
print("closed unstarted B")
g = gen("C")
print(list(g))
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("ignoring exit")
        yield 2

s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError", e)

def returns_on_exit():
    try:
        yield 1
    except GeneratorExit:
        print("returning")
        return 5

r = returns_on_exit()
next(r)
print("close ->", r.close())

def raises_other():
    try:
        yield 1
    finally:
        raise ValueError("from finally")

x = raises_other()
next(x)
try:
    x.close()
except ValueError as e:
    print("close raised", e)
