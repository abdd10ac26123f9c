class Resource:
    log = []
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        Resource.log.append("open " + self.name)
        return self
    def __exit__(self, et, ev, tb):
        Resource.log.append("close " + self.name + (" after " + et.__name__ if et else ""))
        return False
try:
    with Resource("a") as a, Resource("b") as b:
        print(a.name, b.name)
        raise RuntimeError("boom")
except RuntimeError as e:
    print("caught", e)
print(Resource.log)
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return None
    def __exit__(self, et, ev, tb):
        return et is not None and issubclass(et, self.types)
with Suppress(KeyError, IndexError) as nothing:
    print("target is", nothing)
    [][1]
print("IndexError suppressed")
try:
    with Suppress(KeyError):
        1 / 0
except ZeroDivisionError:
    print("ZeroDivisionError not suppressed")
class BadExit:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise ValueError("from exit")
try:
    with BadExit():
        print("body")
except ValueError as e:
    print("ValueError", e)
