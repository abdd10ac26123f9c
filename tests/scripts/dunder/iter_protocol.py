class Countdown:
    def __init__(self, start):
        self.n = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(5)))
for x in Countdown(3):
    print("got", x)
c = Countdown(2)
print(next(c), next(c), next(c, "done"))
try:
    next(c)
except StopIteration:
    print("StopIteration")
class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return Countdown(self.n)
r = Range2(3)
print(list(r), list(r), sorted(r), sum(Range2(4)))
print(max(Range2(7)), min(Range2(7)), [a * b for a in Range2(2) for b in Range2(2)])
it = iter([1, 2, 3])
print(next(it), list(it), list(it))
a, b, c = Countdown(3)
print(a, b, c)
print(dict(zip(Countdown(3), "abc")))
