# full-stderr
def numbers():
    yield 1
    yield 2
    check(3)
    yield 3

def check(n):
    if n > 2:
        raise ValueError("too big: " + str(n))

def consume():
    total = 0
    for n in numbers():
        print("got", n)
        total += n
    return total

consume()
