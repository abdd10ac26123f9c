def make_class(greeting):
    class Greeter:
        def greet(self, name):
            return greeting + ", " + name
    return Greeter
G = make_class("Hello")
H = make_class("Hi")
print(G().greet("Ann"), H().greet("Bob"))
class Outer:
    x = "class attr"
    def method(self):
        try:
            return x
        except NameError as e:
            return "NameError: " + str(e)
print(Outer().method())
def memo(fn):
    cache = {}
    def wrapped(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapped.cache = cache
    return wrapped
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), len(fib.cache))
