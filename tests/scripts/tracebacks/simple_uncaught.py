# full-stderr
print("before the error")
def inner(x):
    raise ValueError("bad value: " + str(x))
def outer():
    inner(42)
outer()
print("never printed")
