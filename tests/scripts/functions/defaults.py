def f(a, b=2, c="three"):
    return (a, b, c)
print(f(1), f(1, 20), f(1, 20, 30), f(1, c=3), f(a=0))
# default values are evaluated once, at definition time
counter = 10
def g(x=counter):
    return x
counter = 99
print(g())
def append_to(item, bucket=[]):
    bucket.append(item)
    return bucket
print(append_to(1))
print(append_to(2))
print(append_to(3, []))
print(append_to(4))
def safe(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket
print(safe(1), safe(2))
def show():
    print("computing default")
    return 5
def h(x=show()):
    return x
print("defined h")
print(h(), h(), h(7))
