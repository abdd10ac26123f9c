log = []
def resource(name):
    log.append("open " + name)
    try:
        for i in range(3):
            yield name + str(i)
    finally:
        log.append("close " + name)
ga = resource("a")
for x in ga:
    print(x)
    if x == "a1":
        break
print(log)
ga.close()
print(log)
g = resource("b")
print(next(g))
g.close()
print(log)
print(list(resource("c")), log[-2:])

def nested():
    try:
        try:
            yield 1
        finally:
            print("inner finally")
    finally:
        print("outer finally")
n = nested()
next(n)
n.close()

def catches_all():
    try:
        yield 1
    except Exception:
        print("not reached: GeneratorExit is not Exception")
    except BaseException as e:
        print("BaseException handler:", type(e).__name__)
        raise
c = catches_all()
next(c)
c.close()
print(issubclass(GeneratorExit, Exception), issubclass(GeneratorExit, BaseException))

def with_gen():
    class CM:
        def __enter__(self):
            print("enter")
        def __exit__(self, *a):
            print("exit", a[0].__name__ if a[0] else None)
    with CM():
        yield 1
        yield 2
w = with_gen()
next(w)
w.close()
print("end")
