import sys

def g():
    try:
        raise ValueError("inside gen")
    except ValueError:
        print("in gen handler:", sys.exc_info()[0].__name__)
        yield 1
        print("resumed in handler:", sys.exc_info()[0].__name__)
    print("after handler:", sys.exc_info()[0])
    yield 2

it = g()
print(next(it))
print("caller sees:", sys.exc_info()[0])
try:
    raise KeyError("outer")
except KeyError:
    print(next(it))
    print("caller after resume:", sys.exc_info()[0].__name__)

def ctx():
    try:
        yield
    except Exception as e:
        print("thrown:", repr(e), "context:", repr(e.__context__))
        yield "handled"

c = ctx()
next(c)
try:
    raise IndexError("active")
except IndexError:
    print(c.throw(TypeError("t")))

def reraiser():
    try:
        yield 1
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
r = reraiser()
next(r)
try:
    r.throw(ZeroDivisionError("zero"))
except RuntimeError as e:
    print(e, "| cause:", repr(e.__cause__))

def raising_gen():
    yield 1
    raise KeyError("gen failed")
try:
    for v in raising_gen():
        print("value", v)
except KeyError as e:
    print("for loop saw", repr(e))
